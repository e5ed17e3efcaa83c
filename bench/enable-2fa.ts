// DESIGN §5: Enable 2FA for 10,000 selected users in one action, under 2 s.
//   npm run bench:enable -- [--users 10000] [--postgresql]
import { applyBulkAction } from "../lib/admin/bulk-two-factor";
import { databaseFromArgs, freshDatabase, ms, numberArg } from "./support";

const kind = databaseFromArgs();
const users = numberArg("users", 10_000);
const context = await freshDatabase(kind, users);
try {
  const started = performance.now();
  const result = await applyBulkAction({
    db: context.db,
    organisationId: context.organisationId,
    action: "enable",
    target: { kind: "matching", filter: { q: "", status: [], role: [] } },
    actor: { id: "bench-admin", email: "admin@acme.test" },
    ip: "127.0.0.1",
    now: new Date(),
  });
  const elapsed = performance.now() - started;
  const audited = await context.db.auditEvent.count();
  if (!result.ok || result.affected !== users || audited !== users)
    throw new Error(`unexpected result ${JSON.stringify(result)}, ${audited} audit rows`);
  console.log(
    `enable-2fa  database=${kind} users=${users}  one action: ${ms(elapsed)}  (${result.affected} users Required, ${audited} audit events; target < 2000 ms)`,
  );
} finally {
  await context.dispose();
}
