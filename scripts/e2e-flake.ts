// npm run test:e2e:flake -- N [playwright options]: runs the whole e2e suite N times (each
// run with its own servers and database, like `npm run test:e2e`) and prints, per test, how
// often it passed and failed. Exits 1 if any run of any test failed. Not part of `npm test`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface JsonSuite {
  title: string;
  specs: { title: string; file: string; line: number; tests: { status: "expected" | "unexpected" | "flaky" | "skipped" }[] }[];
  suites?: JsonSuite[];
}

const [count, ...playwrightArgs] = process.argv.slice(2);
const runs = Number(count);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("Usage: npm run test:e2e:flake -- <N runs> [playwright options, e.g. --workers 4 --grep @remote]");
  process.exit(2);
}

const tally = new Map<string, { passed: number; failed: number }>();
/** Runs that failed outside any test (no tests found, a server that did not start, …). */
const brokenRuns: number[] = [];
function collect(suite: JsonSuite, titles: string[]) {
  const path = suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles;
  for (const spec of suite.specs) {
    const key = `${spec.file}:${spec.line} › ${[...path, spec.title].join(" › ")}`;
    const row = tally.get(key) ?? { passed: 0, failed: 0 };
    for (const test of spec.tests) {
      if (test.status === "expected") row.passed++;
      else if (test.status !== "skipped") row.failed++;
    }
    tally.set(key, row);
  }
  for (const child of suite.suites ?? []) collect(child, path);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-flake-"));
const root = path.resolve(import.meta.dirname, "..");
for (let run = 1; run <= runs; run++) {
  const report = path.join(dir, `run-${run}.json`);
  const started = Date.now();
  const result = spawnSync("npx", ["playwright", "test", "-c", "e2e", "--reporter=json", ...playwrightArgs], {
    cwd: root,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!fs.existsSync(report)) {
    console.error(`Run ${run}: no report (exit ${result.status}); stopping.`);
    process.exit(1);
  }
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as { suites: JsonSuite[]; stats: { unexpected: number } };
  json.suites.forEach((suite) => collect(suite, []));
  if (result.status !== 0 && json.stats.unexpected === 0) brokenRuns.push(run);
  console.log(`Run ${run}/${runs}: exit ${result.status}, ${Math.round((Date.now() - started) / 1000)} s`);
}
fs.rmSync(dir, { recursive: true, force: true });

const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
const width = Math.min(110, Math.max(4, ...rows.map(([key]) => key.length)));
console.log(`\n${"test".padEnd(width)}  pass  fail`);
for (const [key, { passed, failed }] of rows) {
  const name = key.length > width ? `${key.slice(0, width - 1)}…` : key;
  const verdict = failed ? (passed ? "  <- FLAKY" : "  <- FAILS") : "";
  console.log(`${name.padEnd(width)}  ${String(passed).padStart(4)}  ${String(failed).padStart(4)}${verdict}`);
}
const failing = rows.filter(([, row]) => row.failed > 0).length;
console.log(`\n${rows.length} tests, ${runs} run(s): ${failing ? `${failing} failed at least once` : "no test failed"}.`);
if (brokenRuns.length) console.log(`Run(s) ${brokenRuns.join(", ")} failed outside the tests (see the output above).`);
process.exit(failing || brokenRuns.length ? 1 : 0);
