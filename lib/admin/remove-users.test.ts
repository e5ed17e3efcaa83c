import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { createSession, readSession } from "@/lib/auth/sessions";
import { removeUsers } from "./remove-users";

let test: TestDatabase;
const now = new Date("2030-06-01T09:00:00Z");
let n = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

async function anOrganisation() {
  const created = await createOrganisationWithUsers(test.db, `rm${++n}`);
  const actor = { id: created.admin.id, email: created.admin.email };
  return { ...created, actor, scope: { db: test.db, organisationId: created.organisation.id, actor, ip: "203.0.113.4", now } };
}

describe("removeUsers (the admin's Remove)", () => {
  it("removes the picked users, ends their sessions and audits each with the admin and address", async () => {
    const { organisation, member, actor, scope } = await anOrganisation();
    const second = await test.db.user.create({ data: { organisationId: organisation.id, email: `two${n}@rm.test`, name: "Two", passwordHash: "x" } });
    const session = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "x", userAgent: null, now });
    const adminSession = await createSession({
      db: test.db,
      user: { id: actor.id, organisationId: organisation.id },
      stage: "COMPLETE",
      ip: "x",
      userAgent: null,
      now,
    });

    const result = await removeUsers({ ...scope, target: { kind: "ids", ids: [member.id, second.id] } });
    expect(result).toEqual({
      ok: true,
      removed: expect.arrayContaining([
        { id: member.id, email: member.email },
        { id: second.id, email: second.email },
      ]),
    });
    expect(await test.db.user.count({ where: { id: { in: [member.id, second.id] } } })).toBe(0);
    expect(await readSession(test.db, session.id)).toBeNull();
    expect(await readSession(test.db, adminSession.id)).not.toBeNull();
    const events = await test.db.auditEvent.findMany({ where: { organisationId: organisation.id, type: "user.removed" } });
    expect(events.map((event) => event.targetEmail).sort()).toEqual([member.email, second.email].sort());
    expect(events.every((event) => event.actorId === actor.id && event.ip === "203.0.113.4" && event.detail?.includes('"role":"MEMBER"'))).toBe(true);
  });

  it("refuses the admin themself, even inside a selection of others", async () => {
    const { member, actor, scope } = await anOrganisation();
    expect(await removeUsers({ ...scope, target: { kind: "ids", ids: [member.id, actor.id] } })).toEqual({ ok: false, reason: "self" });
    expect(await removeUsers({ ...scope, target: { kind: "matching", filter: { q: "", status: [], role: [] } } })).toEqual({
      ok: false,
      reason: "self",
    });
    expect(await test.db.user.count({ where: { id: { in: [member.id, actor.id] } } })).toBe(2);
  });

  it("refuses removing the last admin, and allows removing an admin while another stays", async () => {
    const { organisation, actor, scope } = await anOrganisation();
    const other = await test.db.user.create({
      data: { organisationId: organisation.id, email: `boss${n}@rm.test`, name: "Boss", role: "ADMIN", passwordHash: "x" },
    });
    expect(await removeUsers({ ...scope, target: { kind: "ids", ids: [other.id] } })).toMatchObject({ ok: true });
    // As an operator (no self rule), the one admin left is refused.
    const operator = { db: test.db, organisationId: organisation.id, operator: { user: "ops", host: "h" }, reason: "r", now };
    expect(await removeUsers({ ...operator, target: { kind: "ids", ids: [actor.id] } })).toEqual({ ok: false, reason: "last-admin" });
    expect(await test.db.user.count({ where: { id: actor.id } })).toBe(1);
    // An invited admin, who has no password yet, does not count as the admin left.
    await test.db.user.create({
      data: {
        organisationId: organisation.id,
        email: `invited${n}@rm.test`,
        name: "Invited",
        role: "ADMIN",
        passwordHash: "",
        accountStatus: "INVITED",
      },
    });
    expect(await removeUsers({ ...operator, target: { kind: "ids", ids: [actor.id] } })).toEqual({ ok: false, reason: "last-admin" });
  });

  it("never reaches another organisation: a foreign id refuses the whole removal", async () => {
    const mine = await anOrganisation();
    const theirs = await anOrganisation();
    const result = await removeUsers({ ...mine.scope, target: { kind: "ids", ids: [mine.member.id, theirs.member.id] } });
    expect(result).toEqual({ ok: false, reason: "foreign-users" });
    expect(await test.db.user.count({ where: { id: { in: [mine.member.id, theirs.member.id] } } })).toBe(2);
    // A search only ever matches the admin's own organisation.
    const matching = await removeUsers({ ...mine.scope, target: { kind: "matching", filter: { q: theirs.member.email, status: [], role: [] } } });
    expect(matching).toEqual({ ok: false, reason: "none" });
  });

  it("removes nobody when the selection no longer has the number of users the admin confirmed", async () => {
    const { organisation, member, scope } = await anOrganisation();
    const filter = { q: "member", status: [], role: [] };
    await test.db.user.create({ data: { organisationId: organisation.id, email: `member-new${n}@rm.test`, name: "New member", passwordHash: "x" } });
    expect(await removeUsers({ ...scope, target: { kind: "matching", filter }, expectedCount: 1 })).toEqual({
      ok: false,
      reason: "selection-changed",
    });
    expect(await test.db.user.count({ where: { id: member.id } })).toBe(1);
    expect(await removeUsers({ ...scope, target: { kind: "matching", filter }, expectedCount: 2 })).toMatchObject({ ok: true });
  });

  it("removes nothing when its audit events cannot be written", async () => {
    const { member, scope } = await anOrganisation();
    await expectFailureWithAuditRefused(test.db, () => removeUsers({ ...scope, target: { kind: "ids", ids: [member.id] } }));
    expect(await test.db.user.count({ where: { id: member.id } })).toBe(1);
  });
});
