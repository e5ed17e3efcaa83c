import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { testDatabaseKind } from "@/lib/testing/test-database-kind";
import { recordAuditMany } from "@/lib/audit";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

describe("the dialect on the Db handle", () => {
  it("is the database the client talks to, read-only", () => {
    expect(test.db.dialect).toBe(testDatabaseKind());
    expect(() => {
      (test.db as { dialect: string }).dialect = "other";
    }).toThrow(TypeError);
    expect(test.db.dialect).toBe(testDatabaseKind());
  });

  it("travels into interactive transactions", async () => {
    expect(await test.db.$transaction(async (tx) => tx.dialect)).toBe(testDatabaseKind());
  });

  it("is what raw SQL inside a transaction goes by (placeholders of recordAuditMany)", async () => {
    const organisation = await test.db.organisation.create({ data: { slug: "dialect", name: "Dialect" } });
    await test.db.$transaction((tx) =>
      recordAuditMany(tx, [
        { organisationId: organisation.id, type: "logout", ip: "192.0.2.1" },
        { organisationId: organisation.id, type: "logout", ip: "192.0.2.2" },
      ]),
    );
    expect(await test.db.auditEvent.count({ where: { organisationId: organisation.id } })).toBe(2);
  });
});
