// Each security notice is queued in the transaction of the change that causes it: the outbox row
// is there, for the right person, with the right data, after the change, and not when it is refused
// or rolled back.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { completeWithPasswordAlone, createSession, readSession } from "@/lib/auth/sessions";
import { submitPassword, submitSecondFactor, submitSetup, beginSetup, type LoginContext } from "@/lib/auth/login-flow";
import { applyBulkAction } from "@/lib/admin/bulk-two-factor";
import { setTwoFactorPolicy } from "@/lib/admin/two-factor-policy";
import { setLoginMethod } from "@/lib/admin/set-login-method";
import { changeAccessList, disableAccessListAsOperator } from "@/lib/access-list/manage-access-list";
import { beginAuthenticatorChange, beginSelfSetup } from "@/lib/two-factor/begin-self-enrolment";
import { confirmSelfEnrolment } from "@/lib/two-factor/confirm-self-enrolment";
import { regenerateBackupCodes } from "@/lib/two-factor/regenerate-backup-codes";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";

let test: TestDatabase;
let passwordHash: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const PASSWORD = "correct-horse-battery-staple";
const now = new Date("2030-07-01T10:00:05Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const DAY = 86_400_000;
const CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const operator = { user: "root", host: "web-1" };

beforeAll(async () => {
  test = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => test.dispose());

/** The queued emails, with the data the template gets. */
async function outbox(where: { recipient?: string; template?: string; organisationId?: string }) {
  const rows = await test.db.outboxEmail.findMany({ where, orderBy: { recipient: "asc" } });
  return rows.map((row) => ({ template: row.template, to: row.recipient, data: (JSON.parse(row.data) as { data: unknown }).data }));
}

const randomIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
let n = 0;
async function organisation() {
  const made = await createOrganisationWithUsers(test.db, `n${++n}x${crypto.randomBytes(3).toString("hex")}`);
  await test.db.user.update({ where: { id: made.member.id }, data: { passwordHash } });
  return made;
}

async function makeUsers(db: Db, organisationId: string, prefix: string, count: number, extra: Record<string, unknown> = {}) {
  await db.user.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organisationId,
      email: `${prefix}${String(i).padStart(4, "0")}@${prefix}.test`,
      name: `${prefix} ${i}`,
      passwordHash: "x",
      ...extra,
    })),
  });
}

/** An enrolled user (2FA Active) with their secret and backup codes. */
async function enrolled(user: { id: string; email: string; organisationId: string }, when = at(-3600_000)) {
  const session = await createSession({ db: test.db, user, stage: "COMPLETE", ip: "192.0.2.1", userAgent: null, now: when });
  const begun = await beginSelfSetup({ db: test.db, keyring, user });
  if (!begun.ok) throw new Error("set-up refused");
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  const confirmed = await confirmSelfEnrolment({
    db: test.db,
    keyring,
    user,
    sessionId: session.id,
    code: codeForStep(secret, timeStep(when)),
    ip: "192.0.2.1",
    now: when,
  });
  expect(confirmed).toEqual({ ok: true });
  await test.db.outboxEmail.deleteMany({ where: { recipient: user.email } });
  return { secret, backupCodes: begun.material.backupCodes, sessionId: session.id };
}

const context = (ip = randomIp(), when = now, userAgent: string | null = CHROME_LINUX): LoginContext => ({
  db: test.db,
  keyring,
  ip,
  userAgent,
  now: when,
});

describe("2FA now required", () => {
  it("bulk Enable mails every affected user once (by an admin, no deadline), not the ones already required nor invited people", async () => {
    const { organisation: org, admin } = await organisation();
    await makeUsers(test.db, org.id, "many", 1200);
    await makeUsers(test.db, org.id, "already", 2, { twoFactorStatus: "REQUIRED" });
    await makeUsers(test.db, org.id, "invited", 1, { accountStatus: "INVITED" });
    const result = await applyBulkAction({
      db: test.db,
      organisationId: org.id,
      target: { kind: "matching", filter: { q: "", status: [], role: [] } },
      now,
      action: "enable",
      actor: admin,
      ip: "192.0.2.1",
    });
    expect(result).toMatchObject({ ok: true, affected: 1200 + 3 }); // the many, the invited person, the organisation's own two users
    const emails = await outbox({ organisationId: org.id, template: "two-factor-required" });
    expect(emails).toHaveLength(1200 + 2);
    expect(new Set(emails.map((email) => email.to)).size).toBe(emails.length);
    expect(emails.find((email) => email.to === "many0042@many.test")).toEqual({
      template: "two-factor-required",
      to: "many0042@many.test",
      data: { by: "admin", dueAt: null },
    });
    expect(emails.some((email) => /already|invited/.test(email.to))).toBe(false);
  });

  it("a bulk action that rolls back leaves no email", async () => {
    const { organisation: org, admin } = await organisation();
    await makeUsers(test.db, org.id, "rolled", 3);
    await expectFailureWithAuditRefused(test.db, () =>
      applyBulkAction({
        db: test.db,
        organisationId: org.id,
        target: { kind: "matching", filter: { q: "", status: [], role: [] } },
        now,
        action: "enable",
        actor: admin,
        ip: "192.0.2.1",
      }),
    );
    expect(await outbox({ organisationId: org.id })).toEqual([]);
    expect(await test.db.user.count({ where: { organisationId: org.id, twoFactorStatus: "REQUIRED" } })).toBe(0);
  });

  it("the policy mails exactly the users it changes from Off to Required, with the deadline; the admins get the change", async () => {
    const { organisation: org, admin, member } = await organisation();
    await makeUsers(test.db, org.id, "active", 1, { twoFactorStatus: "ACTIVE", totpSecret: "sealed" });
    await makeUsers(test.db, org.id, "required", 1, { twoFactorStatus: "REQUIRED" });
    await setTwoFactorPolicy({ db: test.db, organisationId: org.id, requireTwoFactor: true, graceDays: 7, now, actor: admin, ip: "192.0.2.1" });
    const dueAt = at(7 * DAY).toISOString();
    expect(await outbox({ organisationId: org.id, template: "two-factor-required" })).toEqual([
      { template: "two-factor-required", to: admin.email, data: { by: "policy", dueAt } },
      { template: "two-factor-required", to: member.email, data: { by: "policy", dueAt } },
    ]);
    expect(await outbox({ organisationId: org.id, template: "admin-policy-changed" })).toEqual([
      {
        template: "admin-policy-changed",
        to: admin.email,
        data: { change: 'turned on "Require 2FA for all users", with a grace period of 7 days (2 users now required to set it up)', by: admin.email },
      },
    ]);
    // Turning it off releases users but tells only the admins; an operator is named as such.
    await setTwoFactorPolicy({ db: test.db, organisationId: org.id, requireTwoFactor: false, graceDays: 7, now, operator, reason: "x" });
    expect(await outbox({ organisationId: org.id, template: "two-factor-required" })).toHaveLength(2);
    expect((await outbox({ organisationId: org.id, template: "admin-policy-changed" }))[1]?.data).toEqual({
      change: 'turned off "Require 2FA for all users" (2 users no longer required)',
      by: "an operator (root@web-1)",
    });
  });
});

describe("disabled or reset by an admin", () => {
  it("mails each affected user the template of the action, and no one for Unlock", async () => {
    const { organisation: org, admin } = await organisation();
    await makeUsers(test.db, org.id, "on", 2, { twoFactorStatus: "ACTIVE", totpSecret: "sealed" });
    await makeUsers(test.db, org.id, "locked", 1, { twoFactorStatus: "ACTIVE", totpSecret: "sealed", twoFactorFailures: 10 });
    const ids = async (prefix: string) =>
      (await test.db.user.findMany({ where: { email: { startsWith: prefix } }, select: { id: true } })).map((u) => u.id);
    const run = async (action: "disable" | "reset" | "unlock", prefix: string) =>
      applyBulkAction({
        db: test.db,
        organisationId: org.id,
        target: { kind: "ids", ids: await ids(prefix) },
        now,
        action,
        actor: admin,
        ip: "192.0.2.1",
      });
    await run("unlock", "locked");
    expect(await outbox({ organisationId: org.id })).toEqual([]);
    await run("reset", "on0000");
    await run("disable", "on0001");
    expect(await outbox({ organisationId: org.id })).toEqual([
      { template: "two-factor-reset-by-admin", to: "on0000@on.test", data: {} },
      { template: "two-factor-disabled-by-admin", to: "on0001@on.test", data: {} },
    ]);
  });
});

describe("the organisation's sign-in policy", () => {
  it("a change of login method mails every admin; setting the same method again does not", async () => {
    const { organisation: org, admin } = await organisation();
    await makeUsers(test.db, org.id, "boss", 1, { role: "ADMIN" });
    await setLoginMethod({ db: test.db, organisationId: org.id, loginMethod: "STANDARD", now, actor: admin, ip: "192.0.2.1" });
    const emails = await outbox({ organisationId: org.id, template: "admin-policy-changed" });
    expect(emails.map((email) => email.to)).toEqual([admin.email, "boss0000@boss.test"]);
    expect(emails[0]!.data).toEqual({
      change: "changed the login method from Two-Factor Authentication to Standard (password only)",
      by: admin.email,
    });
    await setLoginMethod({ db: test.db, organisationId: org.id, loginMethod: "STANDARD", now, actor: admin, ip: "192.0.2.1" });
    expect(await outbox({ organisationId: org.id })).toHaveLength(2);
  });
});

describe("Access List changed", () => {
  it("mails every admin what changed and who did it; a refused change mails nobody", async () => {
    const { organisation: org, admin, member } = await organisation();
    const change = (c: Parameters<typeof changeAccessList>[0]["change"]) =>
      changeAccessList({ db: test.db, organisationId: org.id, change: c, actor: admin, ip: "198.51.100.10", now });
    expect(await change({ kind: "add", cidr: "10.1.2.3/8", description: "Office" })).toEqual({ ok: true });
    // Refused: it would lock the admin out.
    expect(await change({ kind: "switch", enabled: true })).toMatchObject({ ok: false });
    expect(await change({ kind: "add", cidr: "198.51.100.0/24", description: "" })).toEqual({ ok: true });
    expect(await change({ kind: "switch", enabled: true })).toEqual({ ok: true });
    const emails = await outbox({ organisationId: org.id });
    expect(emails.every((email) => email.to === admin.email && email.template === "admin-access-list-changed")).toBe(true);
    expect(emails.map((email) => email.data)).toEqual(
      expect.arrayContaining([
        { change: "added 10.0.0.0/8 (Office)", by: admin.email },
        { change: "added 198.51.100.0/24", by: admin.email },
        { change: "turned the Access List on", by: admin.email },
      ]),
    );
    expect(emails).toHaveLength(3);
    expect(await outbox({ recipient: member.email })).toEqual([]);

    await disableAccessListAsOperator({ db: test.db, organisationSlug: org.slug, operator, reason: "locked out", now });
    expect((await outbox({ organisationId: org.id })).map((email) => email.data)).toContainEqual({
      change: "turned the Access List off from the command line (break-glass: locked out)",
      by: "an operator (root@web-1)",
    });
  });

  it("a change whose audit fails mails nobody", async () => {
    const { organisation: org, admin } = await organisation();
    await expectFailureWithAuditRefused(test.db, () =>
      changeAccessList({
        db: test.db,
        organisationId: org.id,
        change: { kind: "add", cidr: "10.0.0.0/8", description: "" },
        actor: admin,
        ip: "10.0.0.1",
        now,
      }),
    );
    expect(await outbox({ organisationId: org.id })).toEqual([]);
  });
});

describe("set up, authenticator changed, backup codes", () => {
  it("set-up in the settings says 2FA is on; a new authenticator for an active user says it was changed", async () => {
    const { member } = await organisation();
    const session = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "192.0.2.1", userAgent: null, now });
    const confirm = async (begin: () => Promise<unknown>, when: Date) => {
      await begin();
      const row = await test.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { totpPendingSecret: true } });
      const secret = openTotpSecret(keyring, row.totpPendingSecret!, member.id);
      const code = codeForStep(secret, timeStep(when));
      expect(await confirmSelfEnrolment({ db: test.db, keyring, user: member, sessionId: session.id, code, ip: "192.0.2.1", now: when })).toEqual({
        ok: true,
      });
      return secret;
    };
    const first = await confirm(() => beginSelfSetup({ db: test.db, keyring, user: member }), now);
    expect(await outbox({ recipient: member.email })).toEqual([{ template: "two-factor-enrolled", to: member.email, data: { method: "app" } }]);
    const later = at(120_000);
    await confirm(async () => {
      const begun = await beginAuthenticatorChange({
        db: test.db,
        keyring,
        user: member,
        password: PASSWORD,
        code: codeForStep(first, timeStep(later)),
        ip: "192.0.2.1",
        now: later,
      });
      expect(begun.ok).toBe(true);
    }, later);
    expect((await outbox({ recipient: member.email })).map((email) => email.template).sort()).toEqual([
      "two-factor-app-changed",
      "two-factor-enrolled",
    ]);
  });

  it("the login wizard's set-up says 2FA is on", async () => {
    const { member } = await organisation();
    await test.db.user.update({ where: { id: member.id }, data: { twoFactorStatus: "REQUIRED" } });
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.1", userAgent: null, now });
    await beginSetup({ db: test.db, keyring, userId: member.id });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { totpPendingSecret: true } });
    const code = codeForStep(openTotpSecret(keyring, row.totpPendingSecret!, member.id), timeStep(at(1000)));
    const outcome = await submitSetup(context("192.0.2.1", at(1000)), { session: { uid: member.id, sid: session.id, gen: 0 }, code });
    expect(outcome).toMatchObject({ state: "complete" });
    expect(await outbox({ recipient: member.email })).toEqual([{ template: "two-factor-enrolled", to: member.email, data: { method: "app" } }]);
  });

  it("regenerating backup codes mails the user; a wrong password does not", async () => {
    const { member } = await organisation();
    const { secret } = await enrolled(member);
    const regenerate = (password: string, when: Date) =>
      regenerateBackupCodes({ db: test.db, keyring, user: member, password, code: codeForStep(secret, timeStep(when)), ip: randomIp(), now: when });
    expect(await regenerate("wrong password!", now)).toMatchObject({ ok: false });
    expect(await outbox({ recipient: member.email })).toEqual([]);
    expect(await regenerate(PASSWORD, at(60_000))).toMatchObject({ ok: true });
    expect(await outbox({ recipient: member.email })).toEqual([{ template: "backup-codes-regenerated", to: member.email, data: {} }]);
  });

  it("a backup-code login mails how many codes remain; one on a closed step spends nothing and mails nothing", async () => {
    const { member } = await organisation();
    const { backupCodes } = await enrolled(member);
    const pending = async (when: Date) => {
      const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.1", userAgent: null, now: when });
      return { uid: member.id, sid: session.id, gen: 0 };
    };
    const late = await pending(at(-10 * 60_000));
    expect(await submitSecondFactor(context(), { session: late, method: "backup-code", code: backupCodes[0]! })).toMatchObject({ state: "refused" });
    expect(await outbox({ recipient: member.email, template: "backup-code-used" })).toEqual([]);
    expect(await submitSecondFactor(context(), { session: await pending(now), method: "backup-code", code: backupCodes[0]! })).toMatchObject({
      state: "complete",
    });
    expect(await outbox({ recipient: member.email, template: "backup-code-used" })).toEqual([
      { template: "backup-code-used", to: member.email, data: { remaining: 9 } },
    ]);
  });
});

describe("2FA locked", () => {
  it("mails the user when a timed lock starts (until when), not for each attempt refused while locked", async () => {
    const { member } = await organisation();
    await enrolled(member);
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.1", userAgent: null, now });
    const claims = { uid: member.id, sid: session.id, gen: 0 };
    for (let i = 0; i < 4; i++) await submitSecondFactor(context(), { session: claims, method: "totp", code: "000000" });
    expect(await outbox({ recipient: member.email })).toEqual([]);
    expect(await submitSecondFactor(context(), { session: claims, method: "totp", code: "000000" })).toMatchObject({ error: "TWO_FACTOR_LOCKED" });
    expect(await submitSecondFactor(context(), { session: claims, method: "totp", code: "000000" })).toMatchObject({ error: "TWO_FACTOR_LOCKED" });
    expect(await outbox({ recipient: member.email })).toEqual([
      { template: "two-factor-locked", to: member.email, data: { until: at(15 * 60_000).toISOString() } },
    ]);
    expect(await test.db.auditEvent.count({ where: { targetId: member.id, type: "two_factor.locked" } })).toBe(1);
  });

  it("the lock after 10 failures mails the user (until an admin unlocks) and every admin", async () => {
    const { member, admin } = await organisation();
    await enrolled(member);
    await test.db.user.update({ where: { id: member.id }, data: { twoFactorFailures: 9, twoFactorLockedUntil: at(-1) } });
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.1", userAgent: null, now });
    expect(
      await submitSecondFactor(context(), { session: { uid: member.id, sid: session.id, gen: 0 }, method: "totp", code: "000000" }),
    ).toMatchObject({
      error: "TWO_FACTOR_LOCKED_BY_ADMIN",
    });
    expect(await outbox({ organisationId: member.organisationId })).toEqual([
      { template: "admin-user-locked", to: admin.email, data: { userEmail: member.email, userName: member.name } },
      { template: "two-factor-locked", to: member.email, data: { until: null } },
    ]);
  });
});

describe("2FA locked outside the login", () => {
  it("wrong codes confirming a change in the settings lock the step too, and the user is told", async () => {
    const { member } = await organisation();
    await enrolled(member);
    for (let i = 0; i < 5; i++) {
      expect(
        await regenerateBackupCodes({ db: test.db, keyring, user: member, password: PASSWORD, code: "000000", ip: randomIp(), now }),
      ).toMatchObject({ ok: false });
    }
    expect(await outbox({ recipient: member.email })).toEqual([
      { template: "two-factor-locked", to: member.email, data: { until: at(15 * 60_000).toISOString() } },
    ]);
  });
});

describe("sign-in from a new address", () => {
  async function signInBefore(user: { id: string; email: string; organisationId: string }, ip: string, daysAgo: number) {
    await test.db.auditEvent.create({
      data: {
        organisationId: user.organisationId,
        type: "login.succeeded",
        targetId: user.id,
        targetEmail: user.email,
        ip,
        createdAt: at(-daysAgo * DAY),
      },
    });
    await test.db.user.update({ where: { id: user.id }, data: { lastLoginAt: at(-daysAgo * DAY) } });
  }
  const signIn = (email: string, ip: string) => submitPassword(context(ip), { email, password: PASSWORD });
  const notices = (email: string) => outbox({ recipient: email, template: "new-sign-in-address" });

  it("no email on the very first sign-in", async () => {
    const { member } = await organisation();
    expect(await signIn(member.email, "203.0.113.1")).toMatchObject({ state: "complete" });
    expect(await notices(member.email)).toEqual([]);
  });

  it("no email from an address used within 90 days", async () => {
    const { member } = await organisation();
    await signInBefore(member, "203.0.113.2", 89);
    expect(await signIn(member.email, "203.0.113.2")).toMatchObject({ state: "complete" });
    expect(await notices(member.email)).toEqual([]);
  });

  it("one email from a new address, with the address, the browser and the time", async () => {
    const { member } = await organisation();
    await signInBefore(member, "203.0.113.3", 1);
    expect(await signIn(member.email, "198.51.100.77")).toMatchObject({ state: "complete" });
    expect(await notices(member.email)).toEqual([
      { template: "new-sign-in-address", to: member.email, data: { ip: "198.51.100.77", browser: "Chrome on Linux", at: now.toISOString() } },
    ]);
    // The same address again is known now.
    expect(await signIn(member.email, "198.51.100.77")).toMatchObject({ state: "complete" });
    expect(await notices(member.email)).toHaveLength(1);
  });

  it("one email from an address last used 91 days ago", async () => {
    const { member } = await organisation();
    await signInBefore(member, "203.0.113.4", 91);
    expect(await signIn(member.email, "203.0.113.4")).toMatchObject({ state: "complete" });
    expect(await notices(member.email)).toHaveLength(1);
  });

  it("when a waiting login completes because the organisation switched to Standard, with the browser of its session", async () => {
    const { member } = await organisation();
    await signInBefore(member, "203.0.113.6", 3);
    const userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.10", userAgent, now });
    const record = (await readSession(test.db, session.id))!;
    await completeWithPasswordAlone({ db: test.db, record, ip: "192.0.2.10", now: at(1000) });
    expect((await notices(member.email)).map((email) => email.data)).toEqual([
      { ip: "192.0.2.10", browser: "Firefox on Windows", at: at(1000).toISOString() },
    ]);
  });

  it("after the second factor too, from the address of that step", async () => {
    const { member } = await organisation();
    const { secret } = await enrolled(member);
    await signInBefore(member, "203.0.113.5", 3);
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "192.0.2.9", userAgent: null, now });
    const code = codeForStep(secret, timeStep(at(60_000)));
    const outcome = await submitSecondFactor(context("192.0.2.9", at(60_000)), {
      session: { uid: member.id, sid: session.id, gen: 0 },
      method: "totp",
      code,
    });
    expect(outcome).toMatchObject({ state: "complete" });
    expect((await notices(member.email)).map((email) => email.data)).toEqual([
      { ip: "192.0.2.9", browser: "Chrome on Linux", at: at(60_000).toISOString() },
    ]);
  });
});
