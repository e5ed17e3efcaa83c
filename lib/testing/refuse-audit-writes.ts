// Test helper: makes the database refuse every audit insert, as a failing audit writer
// would, to prove a change and its audit event commit or roll back together.
import type { Db } from "@/lib/db";

const NAME = "twofold_test_refuse_audit";

/** Until the returned function runs, every INSERT into "AuditEvent" fails. */
export async function refuseAuditWrites(db: Db): Promise<() => Promise<void>> {
  if (db.dialect === "postgresql") {
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION ${NAME}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit writes refused (test)'; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER ${NAME} BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION ${NAME}()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER ${NAME} ON "AuditEvent"`);
    };
  }
  await db.$executeRawUnsafe(`CREATE TRIGGER ${NAME} BEFORE INSERT ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'audit writes refused (test)'); END`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER ${NAME}`);
  };
}
