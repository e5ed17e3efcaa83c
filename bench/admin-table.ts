// DESIGN §5: a 50-row page of the admin table out of 100,000 users under 100 ms p95
// server time, the last page no slower than 1.5x the first (keyset paging).
//   npm run bench:table -- [--users 100000] [--runs 30] [--postgresql]
import { listUsers } from "../lib/admin/list-users";
import { USER_SORTS, type UserTableParams } from "../lib/validations/admin";
import { databaseFromArgs, freshDatabase, ms, numberArg, percentile } from "./support";

const kind = databaseFromArgs();
const users = numberArg("users", 100_000);
const runs = numberArg("runs", 30);
const context = await freshDatabase(kind, users);

async function time(params: UserTableParams) {
  const samples: number[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const page = await listUsers({ db: context.db, organisationId: context.organisationId, params, now: new Date() });
    samples.push(performance.now() - started);
    rows = page.rows.length;
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), rows };
}

try {
  console.log(`admin-table  database=${kind} users=${users} runs=${runs} (each page: 50 rows + the total count)`);
  for (const sort of USER_SORTS) {
    const base: UserTableParams = { q: "", status: [], role: [], sort, dir: "asc" };
    const first = await time(base);
    const last = await time({ ...base, page: "last" });
    console.log(
      `  sort=${sort.padEnd(9)} first page p95 ${ms(first.p95)} (p50 ${ms(first.p50)})   last page p95 ${ms(last.p95)} (p50 ${ms(last.p50)})   last/first ${(last.p95 / first.p95).toFixed(2)}x`,
    );
  }
} finally {
  await context.dispose();
}
