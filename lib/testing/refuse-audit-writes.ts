// Test helper: makes the database refuse every audit insert, as a failing audit writer
// would, to prove a change and its audit event commit or roll back together.
import { expect } from "vitest";
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

/** Runs `run` while audit inserts fail, and expects it to fail with them (nothing else should have committed). */
export async function expectFailureWithAuditRefused(db: Db, run: () => Promise<unknown>): Promise<void> {
  const restore = await refuseAuditWrites(db);
  try {
    await expect(run()).rejects.toThrow();
  } finally {
    await restore();
  }
}
