// Runs every benchmark of DESIGN §5, one after another (smoke: in two lanes), each printing its figure.
//   npm run bench                      full sizes, SQLite and PostgreSQL
//   npm run bench -- --smoke           tiny sizes: proves each one works (CI); timings mean nothing
//   npm run bench -- --sqlite-only     skip the PostgreSQL runs
import { spawn, spawnSync } from "node:child_process";
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

// In smoke mode timings mean nothing, so the benchmarks that start no server run alongside those
// that do (two lanes; servers use their own ports, one at a time). Each run's output is printed
// whole when it ends, so lines never interleave.
const STARTS_A_SERVER = new Set(["login-throughput.ts", "first-load-js.ts", "session-check.ts"]);
const lanes = smoke ? [runs.filter((run) => !STARTS_A_SERVER.has(run.script)), runs.filter((run) => STARTS_A_SERVER.has(run.script))] : [runs];

function runOne(run: { script: string; args: string[] }): Promise<number | null> {
  const args = ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, run.script), ...run.args];
  if (!smoke) return Promise.resolve(spawnSync(process.execPath, args, { stdio: "inherit" }).status);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("close", (code) => {
      process.stdout.write(Buffer.concat(output));
      resolve(code);
    });
  });
}

let failed = 0;
await Promise.all(
  lanes.map(async (lane) => {
    for (const run of lane) {
      const status = await runOne(run);
      if (status !== 0) {
        failed++;
        console.error(`bench ${run.script} ${run.args.join(" ")} failed (exit ${status})`);
      }
    }
  }),
);
process.exit(failed ? 1 : 0);
