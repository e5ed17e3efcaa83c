import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { addUser } from "./add-user";
import { applyBulkAction, previewBulkAction } from "./bulk-two-factor";
import { listUsers } from "./list-users";
import { setTwoFactorPolicy } from "./two-factor-policy";
import { requiredStep } from "@/lib/auth/login-flow";
import { bulkTargetSchema, userTableParamsSchema } from "@/lib/validations/admin";
import { createSession } from "@/lib/auth/sessions";

let test: TestDatabase;
const now = new Date("2030-05-01T12:00:00Z");
let acme: string;
let globex: string;
const actor = { id: "admin-1", email: "admin@acme.test" };
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });

async function makeUsers(organisationId: string, prefix: string, count: number, status: TwoFactorStatus = "OFF") {
  await test.db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organisationId,
      email: `${prefix}${String(i).padStart(4, "0")}@${prefix}.test`,
      name: `${prefix} ${String(i).padStart(4, "0")}`,
      passwordHash: "x",
      twoFactorStatus: status,
      totpSecret: status === "ACTIVE" ? "sealed" : null,
    })),
  });
}

const statusCounts = async (organisationId: string) =>
  Object.fromEntries(
    (await test.db.user.groupBy({ by: ["twoFactorStatus"], where: { organisationId }, _count: true })).map((g) => [g.twoFactorStatus, g._count]),
  );

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());
beforeEach(async () => {
  await test.db.auditEvent.deleteMany();
  await test.db.user.deleteMany();
  await test.db.organisation.deleteMany();
  acme = (await test.db.organisation.create({ data: { slug: "acme", name: "Acme Corp" } })).id;
  globex = (await test.db.organisation.create({ data: { slug: "globex", name: "Globex" } })).id;
});

const scope = (organisationId: string) => ({ db: test.db, organisationId, now });

describe("bulk 2FA actions", () => {
  it("enables 2FA for the picked users, audits each once, and reports no-ops", async () => {
    await makeUsers(acme, "a", 3);
    const [first, second, third] = await test.db.user.findMany({ where: { organisationId: acme }, orderBy: { email: "asc" } });
    await test.db.user.update({ where: { id: third!.id }, data: { twoFactorStatus: "REQUIRED" } });

    const ids = [first!.id, second!.id, third!.id];
    expect(await previewBulkAction({ ...scope(acme), action: "enable", target: { kind: "ids", ids } })).toEqual({
      ok: true,
      selected: 3,
      affected: 2,
    });
    const result = await applyBulkAction({ ...scope(acme), action: "enable", target: { kind: "ids", ids }, actor, ip: "203.0.113.5" });
    expect(result).toEqual({ ok: true, selected: 3, affected: 2, unchanged: 1 });
    expect(await statusCounts(acme)).toEqual({ REQUIRED: 3 });

    const events = await test.db.auditEvent.findMany({ where: { type: "two_factor.enabled_by_admin" } });
    expect(events.map((e) => e.targetId).sort()).toEqual([first!.id, second!.id].sort());
    expect(events.every((e) => e.actorEmail === "admin@acme.test" && e.ip === "203.0.113.5")).toBe(true);

    const again = await applyBulkAction({ ...scope(acme), action: "enable", target: { kind: "ids", ids }, actor, ip: "x" });
    expect(again).toEqual({ ok: true, selected: 3, affected: 0, unchanged: 3 });
  });

  it("acts on every user matching a search, and never on another organisation", async () => {
    await makeUsers(acme, "sales", 120);
    await makeUsers(acme, "ops", 30);
    await makeUsers(globex, "salesg", 40);
    const result = await applyBulkAction({
      ...scope(acme),
      action: "enable",
      target: { kind: "matching", filter: { q: "sales", status: [], role: [] } },
      actor,
      ip: "x",
    });
    expect(result).toMatchObject({ ok: true, affected: 120 });
    expect(await statusCounts(acme)).toEqual({ REQUIRED: 120, OFF: 30 });
    expect(await statusCounts(globex)).toEqual({ OFF: 40 });
    expect(await test.db.auditEvent.count()).toBe(120);
  });

  it("refuses picked ids of another organisation and changes nothing", async () => {
    await makeUsers(acme, "a", 2);
    await makeUsers(globex, "g", 2);
    const globexIds = (await test.db.user.findMany({ where: { organisationId: globex } })).map((u) => u.id);
    const acmeIds = (await test.db.user.findMany({ where: { organisationId: acme } })).map((u) => u.id);
    const result = await applyBulkAction({
      ...scope(acme),
      action: "disable",
      target: { kind: "ids", ids: [...acmeIds, globexIds[0]!] },
      actor,
      ip: "x",
    });
    expect(result).toEqual({ ok: false, reason: "foreign-users" });
    expect(await test.db.auditEvent.count()).toBe(0);
  });

  it("resets an active user: Required again, secret, codes and sessions gone", async () => {
    await makeUsers(acme, "a", 1, "ACTIVE");
    const user = await test.db.user.findFirstOrThrow({ where: { organisationId: acme } });
    await test.db.backupCode.create({ data: { userId: user.id, codeHash: "h", active: true } });
    const live = await createSession({ db: test.db, user, stage: "COMPLETE", ip: "x", userAgent: null, now });
    await applyBulkAction({ ...scope(acme), action: "reset", target: { kind: "ids", ids: [user.id] }, actor, ip: "x" });
    const after = await test.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ twoFactorStatus: "REQUIRED", totpSecret: null });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ revokedReason: "two-factor-reset" });
    expect(await test.db.backupCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it("disables: Off, enrolment gone; unlocks only locked users", async () => {
    await makeUsers(acme, "a", 3, "ACTIVE");
    const users = await test.db.user.findMany({ where: { organisationId: acme }, orderBy: { email: "asc" } });
    await test.db.user.update({ where: { id: users[0]!.id }, data: { twoFactorFailures: 10 } });
    await test.db.user.update({
      where: { id: users[1]!.id },
      data: { twoFactorFailures: 5, twoFactorLockedUntil: new Date(now.getTime() + 60_000) },
    });
    const ids = users.map((u) => u.id);
    expect(await applyBulkAction({ ...scope(acme), action: "unlock", target: { kind: "ids", ids }, actor, ip: "x" })).toMatchObject({
      affected: 2,
      unchanged: 1,
    });
    expect(await test.db.user.count({ where: { twoFactorFailures: { gt: 0 } } })).toBe(0);

    expect(await applyBulkAction({ ...scope(acme), action: "disable", target: { kind: "ids", ids }, actor, ip: "x" })).toMatchObject({ affected: 3 });
    expect(await statusCounts(acme)).toEqual({ OFF: 3 });
    expect(await test.db.user.count({ where: { totpSecret: { not: null } } })).toBe(0);
  });
});

describe("the organisation policy", () => {
  it("requires 2FA for everyone without it, with a grace period, and new users too", async () => {
    await makeUsers(acme, "a", 2);
    await makeUsers(acme, "b", 1, "ACTIVE");
    const { usersChanged } = await setTwoFactorPolicy({
      db: test.db,
      organisationId: acme,
      requireTwoFactor: true,
      graceDays: 7,
      actor,
      ip: "x",
      now,
    });
    expect(usersChanged).toBe(2);
    const required = await test.db.user.findFirstOrThrow({ where: { organisationId: acme, twoFactorStatus: "REQUIRED" } });
    expect(required.twoFactorDueAt).toEqual(new Date(now.getTime() + 7 * 86_400_000));
    // Inside the grace period the user still gets in; after it, the wizard.
    expect(requiredStep({ ...required, loginMethod: "TWO_FACTOR" }, { secondFactor: null }, new Date(now.getTime() + 6 * 86_400_000))).toBe("grace");
    expect(requiredStep({ ...required, loginMethod: "TWO_FACTOR" }, { secondFactor: null }, new Date(now.getTime() + 7 * 86_400_000 + 1))).toBe(
      "setup",
    );

    const added = await addUser({
      db: test.db,
      organisationId: acme,
      keyring,
      input: { name: "New", email: "new@acme.test", role: "MEMBER" },
      actor,
      ip: "x",
      now,
    });
    expect(added).toMatchObject({ ok: true });
    const newUser = await test.db.user.findUniqueOrThrow({ where: { email: "new@acme.test" } });
    expect(newUser).toMatchObject({ twoFactorStatus: "REQUIRED", twoFactorByPolicy: true });
  });

  it("without a grace period the wizard comes at the next login; turning it off releases only policy users", async () => {
    await makeUsers(acme, "a", 2);
    const [byAdmin] = await test.db.user.findMany({ where: { organisationId: acme }, orderBy: { email: "asc" } });
    await applyBulkAction({ ...scope(acme), action: "enable", target: { kind: "ids", ids: [byAdmin!.id] }, actor, ip: "x" });
    await setTwoFactorPolicy({ db: test.db, organisationId: acme, requireTwoFactor: true, graceDays: 0, actor, ip: "x", now });
    const policyUser = await test.db.user.findFirstOrThrow({ where: { organisationId: acme, twoFactorByPolicy: true } });
    expect(requiredStep({ ...policyUser, loginMethod: "TWO_FACTOR" }, { secondFactor: null }, now)).toBe("setup");

    await setTwoFactorPolicy({ db: test.db, organisationId: acme, requireTwoFactor: false, graceDays: 0, actor, ip: "x", now });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: policyUser.id } })).twoFactorStatus).toBe("OFF");
    expect((await test.db.user.findUniqueOrThrow({ where: { id: byAdmin!.id } })).twoFactorStatus).toBe("REQUIRED");
  });
});

describe("adding a user", () => {
  it("invites them, and refuses an address already in the organisation with a clear message", async () => {
    const first = await addUser({
      db: test.db,
      keyring,
      organisationId: acme,
      input: { name: "Zed", email: "zed@acme.test", role: "ADMIN" },
      actor,
      ip: "x",
      now,
    });
    expect(first).toEqual({ ok: true, email: "zed@acme.test" });
    expect(await test.db.user.findUniqueOrThrow({ where: { email: "zed@acme.test" } })).toMatchObject({ accountStatus: "INVITED", passwordHash: "" });
    const duplicate = await addUser({
      db: test.db,
      keyring,
      organisationId: acme,
      input: { name: "Zed", email: "zed@acme.test", role: "MEMBER" },
      actor,
      ip: "x",
      now,
    });
    expect(duplicate).toEqual({ ok: false, field: "email", message: "A user with this email address already exists." });
  });
});

describe("the users table query", () => {
  const params = { q: "", status: [], role: [], sort: "name" as const, dir: "asc" as const };

  it("pages 50 at a time forwards and backwards, with first and last", async () => {
    await makeUsers(acme, "p", 120);
    const first = await listUsers({ ...scope(acme), params });
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBe(120);
    expect(first.previousCursor).toBeNull();
    expect(first.rows[0]!.name).toBe("p 0000");

    const second = await listUsers({ ...scope(acme), params: { ...params, after: first.nextCursor! } });
    expect(second.rows[0]!.name).toBe("p 0050");
    const back = await listUsers({ ...scope(acme), params: { ...params, before: second.previousCursor! } });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));

    expect([first.offset, second.offset, back.offset]).toEqual([0, 50, 0]);

    // Last is the partial page after whole pages from the first: 101–120, then Previous 51–100.
    const last = await listUsers({ ...scope(acme), params: { ...params, page: "last" } });
    expect(last.rows.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `p ${String(100 + i).padStart(4, "0")}`));
    expect(last.offset).toBe(100);
    expect(last.nextCursor).toBeNull();
    expect(last.previousCursor).not.toBeNull();
    const beforeLast = await listUsers({ ...scope(acme), params: { ...params, before: last.previousCursor! } });
    expect(beforeLast.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(beforeLast.offset).toBe(50);
    const third = await listUsers({ ...scope(acme), params: { ...params, after: second.nextCursor! } });
    expect(third.rows.map((r) => r.id)).toEqual(last.rows.map((r) => r.id));
    expect(third.offset).toBe(100);
    expect(third.nextCursor).toBeNull();
  });

  it("says whether the matching users include the signed-in admin", async () => {
    await makeUsers(acme, "m", 3);
    await makeUsers(acme, "n", 1);
    const admin = await test.db.user.findFirstOrThrow({ where: { organisationId: acme, name: "n 0000" } });
    expect((await listUsers({ ...scope(acme), params, currentUserId: admin.id })).includesCurrentUser).toBe(true);
    expect((await listUsers({ ...scope(acme), params: { ...params, q: "m 000" }, currentUserId: admin.id })).includesCurrentUser).toBe(false);
  });

  it("sorts by last login with never-logged-in users first, and walks every row once", async () => {
    await makeUsers(acme, "l", 70);
    const users = await test.db.user.findMany({ where: { organisationId: acme }, orderBy: { email: "asc" } });
    for (const [i, user] of users.slice(0, 40).entries()) {
      await test.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(now.getTime() - (i % 7) * 60_000) } });
    }
    for (const dir of ["asc", "desc"] as const) {
      const seen: string[] = [];
      let page = await listUsers({ ...scope(acme), params: { ...params, sort: "lastLogin", dir } });
      seen.push(...page.rows.map((r) => r.id));
      while (page.nextCursor) {
        page = await listUsers({ ...scope(acme), params: { ...params, sort: "lastLogin", dir, after: page.nextCursor } });
        seen.push(...page.rows.map((r) => r.id));
      }
      expect(new Set(seen).size).toBe(70);
      expect(seen).toHaveLength(70);
    }
  });

  it("filters by search and status, within the organisation", async () => {
    await makeUsers(acme, "x", 5, "ACTIVE");
    await makeUsers(acme, "y", 3);
    await makeUsers(globex, "xg", 4);
    expect((await listUsers({ ...scope(acme), params: { ...params, q: "x 000" } })).total).toBe(5);
    expect((await listUsers({ ...scope(acme), params: { ...params, status: ["active"] } })).total).toBe(5);
    expect((await listUsers({ ...scope(acme), params: { ...params, status: ["off"] } })).total).toBe(3);
    const locked = await test.db.user.findFirstOrThrow({ where: { organisationId: acme, twoFactorStatus: "ACTIVE" } });
    await test.db.user.update({ where: { id: locked.id }, data: { twoFactorFailures: 10 } });
    const lockedPage = await listUsers({ ...scope(acme), params: { ...params, status: ["locked"] } });
    expect(lockedPage.rows.map((r) => [r.id, r.status])).toEqual([[locked.id, "locked"]]);
    expect((await listUsers({ ...scope(acme), params: { ...params, status: ["active"] } })).total).toBe(4);
    // Several statuses: any of them.
    expect((await listUsers({ ...scope(acme), params: { ...params, status: ["off", "locked"] } })).total).toBe(4);
  });

  it("filters by role on the server, with search and status, within the organisation", async () => {
    await makeUsers(acme, "r", 4);
    await makeUsers(acme, "ra", 2);
    await test.db.user.updateMany({ where: { organisationId: acme, name: { startsWith: "ra " } }, data: { role: "ADMIN" } });
    await makeUsers(globex, "rg", 3);
    await test.db.user.updateMany({ where: { organisationId: globex }, data: { role: "ADMIN" } });

    const admins = await listUsers({ ...scope(acme), params: { ...params, role: ["admin"] } });
    expect(admins.rows.map((r) => [r.name, r.role])).toEqual([
      ["ra 0000", "ADMIN"],
      ["ra 0001", "ADMIN"],
    ]);
    expect(admins.total).toBe(2);
    expect((await listUsers({ ...scope(acme), params: { ...params, role: ["member"] } })).total).toBe(4);
    expect((await listUsers({ ...scope(acme), params: { ...params, role: ["admin", "member"] } })).total).toBe(6);
    // With a search and a status: all three hold.
    await test.db.user.updateMany({ where: { organisationId: acme, name: "ra 0001" }, data: { twoFactorStatus: "REQUIRED" } });
    const narrow = await listUsers({ ...scope(acme), params: { ...params, q: "ra", role: ["admin"], status: ["off"] } });
    expect(narrow.rows.map((r) => r.name)).toEqual(["ra 0000"]);
    // Whether the set includes the signed-in admin follows the role filter too.
    const admin = await test.db.user.findFirstOrThrow({ where: { organisationId: acme, name: "ra 0000" } });
    expect((await listUsers({ ...scope(acme), params: { ...params, role: ["member"] }, currentUserId: admin.id })).includesCurrentUser).toBe(false);
    expect((await listUsers({ ...scope(acme), params: { ...params, role: ["admin"] }, currentUserId: admin.id })).includesCurrentUser).toBe(true);
  });

  it("reads the filters from the URL: one value, a list, repeated keys; unknown values dropped", () => {
    const parse = (query: Record<string, string | string[]>) => userTableParamsSchema.parse(query);
    expect(parse({})).toMatchObject({ status: [], role: [] });
    expect(parse({ status: "locked", role: "member" })).toMatchObject({ status: ["locked"], role: ["member"] });
    expect(parse({ status: "locked,off,bogus", role: ["member", "admin"] })).toMatchObject({ status: ["off", "locked"], role: ["admin", "member"] });
    // The single-status URLs of before ("all") still open the table unfiltered.
    expect(parse({ status: "all", role: "owner" })).toMatchObject({ status: [], role: [] });
  });
});

describe("bulk actions on all users matching a role filter", () => {
  it("Enable 2FA for every matching member acts on members only: the admins stay as they were", async () => {
    await makeUsers(acme, "team", 5);
    await makeUsers(acme, "boss", 2);
    await test.db.user.updateMany({ where: { organisationId: acme, name: { startsWith: "boss " } }, data: { role: "ADMIN" } });
    await makeUsers(globex, "teamg", 3);
    // What the table sends for "all matching" with Role: Member, through the action's schema.
    const target = bulkTargetSchema.parse({ kind: "matching", filter: { role: ["member"] } });
    expect(target).toEqual({ kind: "matching", filter: { q: "", status: [], role: ["member"] } });

    expect(await previewBulkAction({ ...scope(acme), action: "enable", target })).toEqual({ ok: true, selected: 5, affected: 5 });
    const result = await applyBulkAction({ ...scope(acme), action: "enable", target, actor, ip: "x" });
    expect(result).toMatchObject({ ok: true, selected: 5, affected: 5 });
    const byRole = await test.db.user.findMany({ where: { organisationId: acme }, select: { role: true, twoFactorStatus: true } });
    expect(byRole.filter((u) => u.role === "ADMIN").map((u) => u.twoFactorStatus)).toEqual(["OFF", "OFF"]);
    expect(byRole.filter((u) => u.role === "MEMBER").map((u) => u.twoFactorStatus)).toEqual(Array(5).fill("REQUIRED"));
    expect(await statusCounts(globex)).toEqual({ OFF: 3 });

    // With a search and a status too: Disable for the Required members matching "team 000"; the Required admins stay.
    await test.db.user.updateMany({ where: { organisationId: acme, role: "ADMIN" }, data: { twoFactorStatus: "REQUIRED" } });
    const narrow = { kind: "matching" as const, filter: { q: "team 000", status: ["required" as const], role: ["member" as const] } };
    expect(await applyBulkAction({ ...scope(acme), action: "disable", target: narrow, actor, ip: "x" })).toMatchObject({ ok: true, affected: 5 });
    expect(await test.db.user.count({ where: { organisationId: acme, role: "ADMIN", twoFactorStatus: "REQUIRED" } })).toBe(2);
  });

  it("refuses a role or status filter that is not one", () => {
    expect(bulkTargetSchema.safeParse({ kind: "matching", filter: { role: ["owner"] } }).success).toBe(false);
    expect(bulkTargetSchema.safeParse({ kind: "matching", filter: { status: "all" } }).success).toBe(false);
  });
});
