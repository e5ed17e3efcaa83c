import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { auditFilterSchema } from "@/lib/validations/audit";
import { auditCsv, listAuditEvents } from "./audit-log";

let test: TestDatabase;
let acme: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
let globex: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute));

beforeAll(async () => {
  test = await createTestDatabase();
  acme = await createOrganisationWithUsers(test.db, "acme");
  globex = await createOrganisationWithUsers(test.db, "globex");
  await test.db.user.update({ where: { id: acme.admin.id }, data: { name: "Ada Admin" } });
  await test.db.user.update({ where: { id: acme.member.id }, data: { name: "Alice Anderson", passwordHash: await hashPassword("correct-horse") } });
  const organisationId = acme.organisation.id;
  await recordAudit(test.db, {
    organisationId,
    type: "two_factor.enabled_by_admin",
    actor: acme.admin,
    target: acme.member,
    ip: "203.0.113.5",
    at: at(1),
  });
  await recordAudit(test.db, {
    organisationId,
    type: "login.succeeded",
    actor: acme.member,
    target: acme.member,
    ip: "198.51.100.7",
    detail: { method: "totp" },
    at: at(2),
  });
  await recordAudit(test.db, {
    organisationId,
    type: "access_list.entry_added",
    actor: acme.admin,
    ip: "203.0.113.5",
    detail: { cidr: "203.0.113.0/24" },
    at: at(3),
  });
  // Another organisation's admin, with a name that also matches "Ad": never in Acme's log.
  await recordAudit(test.db, {
    organisationId: globex.organisation.id,
    type: "access_list.enabled",
    actor: globex.admin,
    ip: "192.0.2.1",
    at: at(4),
  });
});
afterAll(() => test.dispose());

const list = (query: Record<string, string>) =>
  listAuditEvents({ db: test.db, organisationId: acme.organisation.id, filter: auditFilterSchema.parse(query) });

describe("listAuditEvents", () => {
  it("reads each row as a sentence with the people's names, and its details as the CSV has them", async () => {
    const { rows } = await list({});
    expect(rows.map((row) => row.sentence)).toEqual([
      "Ada Admin added 203.0.113.0/24 to the Access List",
      "Alice Anderson signed in",
      "Ada Admin enabled 2FA for Alice Anderson",
    ]);
    expect(rows[0]!.details).toEqual([
      { key: "Who", value: "admin@acme.test" },
      { key: "Range", value: "203.0.113.0/24" },
    ]);
    expect(rows[2]).toMatchObject({ type: "two_factor.enabled_by_admin", ip: "203.0.113.5", createdAt: at(1).toISOString() });
  });

  it("filters by actor: only what that person did, by part of their name or email, case aside", async () => {
    for (const actor of ["ada adm", "ADMIN@acme"]) {
      const { rows } = await list({ actor });
      expect(rows.map((row) => row.type)).toEqual(["access_list.entry_added", "two_factor.enabled_by_admin"]);
    }
    expect((await list({ actor: "Alice" })).rows.map((row) => row.type)).toEqual(["login.succeeded"]);
    expect((await list({ actor: "nobody" })).rows).toEqual([]);
  });

  it("filters by user on either side, by name or email, and combines with the actor filter", async () => {
    expect((await list({ user: "alice anderson" })).rows.map((row) => row.type)).toEqual(["login.succeeded", "two_factor.enabled_by_admin"]);
    expect((await list({ user: "Alice", actor: "Ada" })).rows.map((row) => row.type)).toEqual(["two_factor.enabled_by_admin"]);
  });

  it("the CSV export applies the actor filter too", async () => {
    const lines: string[] = [];
    for await (const chunk of auditCsv({ db: test.db, organisationId: acme.organisation.id, filter: auditFilterSchema.parse({ actor: "Alice" }) })) {
      lines.push(...chunk.trim().split("\r\n"));
    }
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("login.succeeded");
  });

  it("ignores a malformed actor filter instead of failing", () => {
    expect(auditFilterSchema.parse({ actor: "x".repeat(300) }).actor).toBeUndefined();
    expect(auditFilterSchema.parse({ actor: ["a", "b"] }).actor).toBeUndefined();
    expect(auditFilterSchema.parse({ actor: "  Ada " }).actor).toBe("Ada");
  });
});

describe("a failed sign-in in the log", () => {
  it("names the account that was tried, not the system; an unknown email writes no row", async () => {
    const before = await test.db.auditEvent.count();
    await verifyCredentials({ db: test.db, email: acme.member.email, password: "wrong", ip: "192.0.2.44", now: at(10) });
    await verifyCredentials({ db: test.db, email: "nobody@acme.test", password: "wrong", ip: "192.0.2.44", now: at(11) });
    expect(await test.db.auditEvent.count()).toBe(before + 1);

    const failed = await test.db.auditEvent.findFirstOrThrow({ where: { type: "login.failed", organisationId: acme.organisation.id } });
    expect(failed).toMatchObject({ targetId: acme.member.id, targetEmail: acme.member.email, actorId: null });
    const { rows } = await list({ type: "login.failed" });
    expect(rows.map((row) => row.sentence)).toEqual(["Sign-in failed for Alice Anderson (wrong password)"]);
    expect(rows[0]!.ip).toBe("192.0.2.44");
  });
});
