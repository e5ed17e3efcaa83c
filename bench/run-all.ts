// Runs every benchmark of DESIGN §5, one after another, each printing its figure.
//   npm run bench                      full sizes, SQLite and PostgreSQL
//   npm run bench -- --smoke           tiny sizes: proves each one works (CI); timings mean nothing
//   npm run bench -- --sqlite-only     skip the PostgreSQL runs
import { spawnSync } from "node:child_process";
import path from "node:path";

const smoke = process.argv.includes("--smoke");
const sqliteOnly = process.argv.includes("--sqlite-only");
const databases = sqliteOnly ? [[]] : [[], ["--postgresql"]];

const runs: { script: string; args: string[] }[] = [
  ...databases.map((db) => ({ script: "enable-2fa.ts", args: [...db, ...(smoke ? ["--users", "300"] : [])] })),
  ...databases.map((db) => ({ script: "admin-table.ts", args: [...db, ...(smoke ? ["--users", "2000", "--runs", "3"] : [])] })),
  { script: "access-list-match.ts", args: smoke ? ["--checks", "20000"] : [] },
  ...databases.map((db) => ({ script: "login-throughput.ts", args: [...db, ...(smoke ? ["--seconds", "2", "--concurrency", "2"] : [])] })),
  { script: "first-load-js.ts", args: [] },
  { script: "session-check.ts", args: smoke ? ["--seconds", "1", "--concurrency", "2"] : [] },
];

let failed = 0;
for (const run of runs) {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, run.script), ...run.args],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`bench ${run.script} ${run.args.join(" ")} failed (exit ${result.status})`);
  }
}
process.exit(failed ? 1 : 0);
