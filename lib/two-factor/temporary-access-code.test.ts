import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { hashPassword } from "@/lib/auth/password";
import { submitPassword, submitSecondFactor, submitSetup, beginSetup, type LoginContext, type TokenClaims } from "@/lib/auth/login-flow";
import { setTwoFactorPolicy } from "@/lib/admin/two-factor-policy";
import { createSession, readSession } from "@/lib/auth/sessions";
import { refreshSessionClaims } from "@/lib/auth/session-claims";
import { runSessionMaintenance } from "@/lib/auth/session-maintenance";
import { applyBulkAction } from "@/lib/admin/bulk-two-factor";
import { beginEnrolment, confirmEnrolment } from "./enrol";
import { HARD_LOCK_THRESHOLD } from "./lockout";
import { openTotpSecret } from "./secrets";
import { codeForStep, timeStep } from "./totp";
import {
  issueTemporaryAccessCode,
  markTemporaryAccessCodeUsed,
  sweepTemporaryAccessCodes,
  TEMPORARY_CODE_RETENTION_MS,
} from "./temporary-access-code";

// Temporary access codes: issued by a stepped-up admin, used once at the challenge in place of a
// second factor, then the user must enrol anew. On the real test database.
let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-05-01T08:00:05Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const HOUR = 60 * 60 * 1000;
const ADMIN_PASSWORD = "admin-password-for-tests";
let adminHash: string;

let organisationId: string;
let admin: { id: string; email: string };
let ip: string;
const context = (now: Date): LoginContext => ({ db: test.db, keyring, ip, userAgent: "test", now });

beforeAll(async () => {
  test = await createTestDatabase();
  adminHash = await hashPassword(ADMIN_PASSWORD);
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  const slug = `tac${crypto.randomBytes(4).toString("hex")}`;
  const created = await createOrganisationWithUsers(test.db, slug);
  organisationId = created.organisation.id;
  admin = await test.db.user.update({ where: { id: created.admin.id }, data: { passwordHash: adminHash }, select: { id: true, email: true } });
});

let counter = 0;
/** An enrolled member of the current organisation: their secret and backup codes. */
async function enrolledUser() {
  const user = await test.db.user.create({
    data: { organisationId, email: `user${++counter}-${crypto.randomBytes(3).toString("hex")}@tac.test`, name: `User ${counter}`, passwordHash: "x" },
  });
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: user.id, email: user.email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  const when = at(-10 * 60_000);
  expect(await confirmEnrolment({ db: test.db, keyring, userId: user.id, code: codeForStep(secret, timeStep(when)), ip: "x", now: when })).toEqual({
    ok: true,
  });
  return { user, secret, backupCodes };
}

async function atChallenge(userId: string, now = start): Promise<TokenClaims> {
  const session = await createSession({ db: test.db, user: { id: userId, organisationId }, stage: "SECOND_FACTOR", ip, userAgent: null, now });
  return { uid: userId, sid: session.id, gen: session.generation };
}

const confirmation = { method: "password" as const, password: ADMIN_PASSWORD };
const issue = (userId: string, options: { hours?: number; now?: Date; org?: string; confirm?: typeof confirmation | undefined } = {}) =>
  issueTemporaryAccessCode({
    db: test.db,
    keyring,
    organisationId: options.org ?? organisationId,
    userId,
    hours: options.hours ?? 1,
    actor: admin,
    confirmation: "confirm" in options ? options.confirm : confirmation,
    ip,
    now: options.now ?? start,
  });

async function issued(userId: string, options: Parameters<typeof issue>[1] = {}) {
  const result = await issue(userId, options);
  if (!result.ok) throw new Error(`not issued: ${result.reason}`);
  return result;
}

const auditCount = (targetId: string, type: string) => test.db.auditEvent.count({ where: { targetId, type } });
const mailsTo = (to: string, template: string) => test.db.outboxEmail.count({ where: { recipient: to, template } });

describe("issuing a temporary access code", () => {
  it("is valid 1 to 8 whole hours, shown once as XXXX-XXXX-XXXX-XXXX and stored hashed", async () => {
    const { user } = await enrolledUser();
    for (const hours of [0, 9, 1.5, -1]) expect(await issue(user.id, { hours })).toEqual({ ok: false, reason: "invalid-hours" });
    const one = await issued(user.id, { hours: 1 });
    expect(one.expiresAt).toEqual(at(HOUR));
    const eight = await issued(user.id, { hours: 8 });
    expect(eight.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(eight.expiresAt).toEqual(at(8 * HOUR));
    const rows = await test.db.temporaryAccessCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.codeHash).not.toContain(eight.code.replace(/-/g, ""));
    expect(
      await test.db.auditEvent.findFirst({ where: { targetId: user.id, type: "two_factor.temporary_code_issued" }, orderBy: { createdAt: "desc" } }),
    ).toMatchObject({
      actorId: admin.id,
      detail: JSON.stringify({ hours: 8 }),
    });
    expect(await mailsTo(user.email, "temporary-code-issued")).toBe(2);
  });

  it("needs the admin's step-up: none or a wrong one issues nothing", async () => {
    const { user } = await enrolledUser();
    expect(await issue(user.id, { confirm: undefined })).toMatchObject({ ok: false, reason: "not-confirmed", confirmation: { needs: "password" } });
    expect(await issue(user.id, { confirm: { method: "password", password: "wrong-password" } })).toMatchObject({
      ok: false,
      reason: "not-confirmed",
    });
    expect(await test.db.temporaryAccessCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditCount(user.id, "two_factor.temporary_code_issued")).toBe(0);
  });

  it("answers another organisation's user exactly like an unknown id, and refuses the admin themself and users without active 2FA", async () => {
    const other = await createOrganisationWithUsers(test.db, `other${crypto.randomBytes(4).toString("hex")}`);
    await test.db.user.update({ where: { id: other.member.id }, data: { twoFactorStatus: "ACTIVE", totpSecret: "x" } });
    expect(await issue(other.member.id)).toEqual({ ok: false, reason: "unknown-user" });
    expect(await issue("no-such-user")).toEqual({ ok: false, reason: "unknown-user" });
    // The admin of the other organisation cannot reach this one's users either.
    const { user } = await enrolledUser();
    expect(await issue(user.id, { org: other.organisation.id })).toEqual({ ok: false, reason: "unknown-user" });

    await test.db.user.update({ where: { id: admin.id }, data: { twoFactorStatus: "ACTIVE" } });
    expect(await issue(admin.id)).toEqual({ ok: false, reason: "self" });
    await test.db.user.update({ where: { id: admin.id }, data: { twoFactorStatus: "OFF" } });

    const off = await test.db.user.create({ data: { organisationId, email: `off${counter++}@tac.test`, name: "Off", passwordHash: "x" } });
    expect(await issue(off.id)).toEqual({ ok: false, reason: "not-enrolled" });
    await test.db.user.update({ where: { id: off.id }, data: { twoFactorStatus: "REQUIRED" } });
    expect(await issue(off.id)).toEqual({ ok: false, reason: "not-enrolled" });
    expect(await test.db.temporaryAccessCode.count({ where: { organisationId } })).toBe(1 - 1);
  });

  it("clears the lock, closes open requests, ends every session and forgets trusted browsers, in one go", async () => {
    const { user } = await enrolledUser();
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: HARD_LOCK_THRESHOLD, twoFactorLockedUntil: at(HOUR) } });
    const claims = await atChallenge(user.id);
    const complete = await createSession({ db: test.db, user: { id: user.id, organisationId }, stage: "COMPLETE", ip, userAgent: null, now: start });
    await test.db.recoveryRequest.create({ data: { organisationId, userId: user.id, ip, createdAt: start } });
    await test.db.trustedDevice.create({
      data: {
        organisationId,
        userId: user.id,
        tokenHash: crypto.randomBytes(16).toString("hex"),
        ip,
        createdAt: start,
        lastUsedAt: start,
        expiresAt: at(HOUR),
      },
    });

    await issued(user.id, { now: at(1000) });
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorFailures: 0, twoFactorLockedUntil: null });
    for (const id of [claims.sid, complete.id])
      expect(await test.db.session.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedReason: "temporary-access-code" });
    expect(await test.db.recoveryRequest.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      closedHow: "code-issued",
      closedById: admin.id,
    });
    expect(await test.db.trustedDevice.count({ where: { userId: user.id } })).toBe(0);
    expect(await test.db.auditEvent.findFirstOrThrow({ where: { targetId: user.id, type: "trusted_browser.forgotten" } })).toMatchObject({
      detail: JSON.stringify({ count: 1, reason: "temporary-access-code" }),
    });
  });

  it("replaces an earlier unused code: only the newest works", async () => {
    const { user } = await enrolledUser();
    const first = await issued(user.id);
    const second = await issued(user.id, { now: at(1000) });
    expect(await test.db.temporaryAccessCode.count({ where: { userId: user.id, usedAt: null } })).toBe(1);
    const claims = await atChallenge(user.id, at(2000));
    expect(await submitSecondFactor(context(at(3000)), { session: claims, method: "temporary-code", code: first.code })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect(await submitSecondFactor(context(at(4000)), { session: claims, method: "temporary-code", code: second.code })).toMatchObject({
      state: "setup",
    });
  });
});

describe("using a temporary access code at the challenge", () => {
  it("works once, wipes the old enrolment, ends other sessions and sends the session to the setup wizard", async () => {
    const { user, secret, backupCodes } = await enrolledUser();
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    const other = await createSession({ db: test.db, user: { id: user.id, organisationId }, stage: "COMPLETE", ip, userAgent: null, now: at(1000) });

    const outcome = await submitSecondFactor(context(at(2000)), { session: claims, method: "temporary-code", code: code.toLowerCase() });
    expect(outcome).toMatchObject({ state: "setup", claims: { ...claims, gen: claims.gen + 1 } });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({
      twoFactorStatus: "REQUIRED",
      twoFactorDueAt: null,
      twoFactorEnrolledAt: null,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
      twoFactorFailures: 0,
    });
    expect(await test.db.backupCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await test.db.session.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ revokedReason: "temporary-access-code" });
    const session = await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } });
    expect(session).toMatchObject({ stage: "SECOND_FACTOR", secondFactor: null, revokedAt: null, generation: claims.gen + 1 });
    expect(session.pendingUntil!.getTime()).toBeGreaterThan(at(2000).getTime());
    expect(await auditCount(user.id, "two_factor.temporary_code_used")).toBe(1);
    expect(await mailsTo(user.email, "temporary-code-used")).toBe(1);
    expect(await auditCount(user.id, "login.succeeded")).toBe(0);

    // Until the new authenticator is confirmed, the session is at the wizard: no page or action answers.
    const next = { ...claims, gen: claims.gen + 1 };
    const refreshed = await refreshSessionClaims({ db: test.db, claims: { ...next }, ip, now: at(3000) });
    expect(refreshed).toMatchObject({ stage: "two-factor", step: "setup" });
    expect(await refreshSessionClaims({ db: test.db, claims: { ...claims }, ip, now: at(3000) })).toBeNull(); // the old token is dead

    // A second use of the same code, from a fresh sign-in, is refused (and counted).
    const again = await atChallenge(user.id, at(4000));
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "ACTIVE", totpSecret: "placeholder" } });
    expect(await submitSecondFactor(context(at(5000)), { session: again, method: "temporary-code", code })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "REQUIRED", totpSecret: null, twoFactorFailures: 0 } });

    // The wizard: a new secret and backup codes, confirmed with the new app's code, complete the login.
    const material = await beginSetup({ db: test.db, keyring, userId: user.id });
    expect(material?.backupCodes).toHaveLength(10);
    const pendingSecret = openTotpSecret(keyring, (await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpPendingSecret!, user.id);
    expect(await submitSetup(context(at(60_000)), { session: next, code: codeForStep(pendingSecret, timeStep(at(60_000))) })).toMatchObject({
      state: "complete",
    });

    // The old secret's codes and the old backup codes are refused from now on.
    const later = at(5 * 60_000);
    const fresh = await atChallenge(user.id, later);
    expect(await submitSecondFactor(context(later), { session: fresh, method: "totp", code: codeForStep(secret, timeStep(later)) })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect(await submitSecondFactor(context(later), { session: fresh, method: "backup-code", code: backupCodes[0]! })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect(await submitSecondFactor(context(later), { session: fresh, method: "backup-code", code: material!.backupCodes[0]! })).toMatchObject({
      state: "complete",
    });
  });

  it("while the new authenticator is being set up, a password alone opens no second wizard; once that step closes the user is Required as after a Reset", async () => {
    const { user } = await enrolledUser();
    await test.db.user.update({ where: { id: user.id }, data: { passwordHash: adminHash } });
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    expect(await submitSecondFactor(context(at(2000)), { session: claims, method: "temporary-code", code })).toMatchObject({ state: "setup" });

    // Someone else with the password, during the owner's wizard: refused, audited, and the wizard's secret is untouched.
    const pendingBefore = (await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpPendingSecret;
    const during = await submitPassword(context(at(60_000)), { email: user.email, password: ADMIN_PASSWORD });
    expect(during).toMatchObject({ state: "refused", error: "RECOVERY_IN_PROGRESS" });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpPendingSecret).toBe(pendingBefore);
    expect(await test.db.auditEvent.count({ where: { targetId: user.id, type: "login.failed" } })).toBe(1);

    // The owner's step ran out without an enrolment: the next sign-in goes to the wizard.
    const after = await submitPassword(context(at(10 * 60_000)), { email: user.email, password: ADMIN_PASSWORD });
    expect(after).toMatchObject({ state: "setup" });
  });

  it("makes the requirement the admin's: turning the 2FA policy off does not release a user in the middle of recovery", async () => {
    const { user } = await enrolledUser();
    await test.db.organisation.update({ where: { id: organisationId }, data: { requireTwoFactor: true } });
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorByPolicy: true } });
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    expect(await submitSecondFactor(context(at(2000)), { session: claims, method: "temporary-code", code })).toMatchObject({ state: "setup" });
    await setTwoFactorPolicy({ db: test.db, organisationId, requireTwoFactor: false, graceDays: 0, now: at(3000), actor: admin, ip });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorStatus).toBe("REQUIRED");
  });

  it("is accepted when typed into the backup code field", async () => {
    const { user } = await enrolledUser();
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    expect(await submitSecondFactor(context(at(2000)), { session: claims, method: "backup-code", code })).toMatchObject({ state: "setup" });
    expect(await auditCount(user.id, "two_factor.backup_code_used")).toBe(0);
    expect(await auditCount(user.id, "two_factor.temporary_code_used")).toBe(1);
  });

  it("is never a step-up: the authenticator code field does not take it", async () => {
    const { user } = await enrolledUser();
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    expect(await submitSecondFactor(context(at(2000)), { session: claims, method: "totp", code })).toMatchObject({ state: "refused" });
    expect(await test.db.temporaryAccessCode.count({ where: { userId: user.id, usedAt: null } })).toBe(1);
  });

  it("of 20 parallel uses of one code, exactly one wins", async () => {
    const { user } = await enrolledUser();
    await issued(user.id);
    const row = await test.db.temporaryAccessCode.findFirstOrThrow({ where: { userId: user.id } });
    const wins = await Promise.all(Array.from({ length: 20 }, () => markTemporaryAccessCodeUsed({ db: test.db, id: row.id, now: at(1000) })));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("of 20 parallel sign-ins with one code, exactly one reaches the wizard", async () => {
    const { user } = await enrolledUser();
    const { code } = await issued(user.id);
    const sessions = await Promise.all(Array.from({ length: 20 }, () => atChallenge(user.id, at(1000))));
    const outcomes = await Promise.all(
      sessions.map((session) => submitSecondFactor(context(at(2000)), { session, method: "temporary-code", code }).catch((error: unknown) => error)),
    );
    expect(outcomes.filter((outcome) => (outcome as { state?: string }).state === "setup")).toHaveLength(1);
    expect(await auditCount(user.id, "two_factor.temporary_code_used")).toBe(1);
    expect(await test.db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
  });

  it("does not work after it expired", async () => {
    const { user } = await enrolledUser();
    const { code, expiresAt } = await issued(user.id, { hours: 2 });
    const claims = await atChallenge(user.id, expiresAt);
    expect(await submitSecondFactor(context(expiresAt), { session: claims, method: "temporary-code", code })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorStatus).toBe("ACTIVE");
  });

  it("dies with the enrolment it stood in for: after Reset 2FA and a new enrolment it is refused, and the open request is closed", async () => {
    const { user } = await enrolledUser();
    await test.db.recoveryRequest.create({ data: { organisationId, userId: user.id, ip, createdAt: start } });
    const { code } = await issued(user.id, { hours: 8 });
    await test.db.recoveryRequest.create({ data: { organisationId, userId: user.id, ip, createdAt: at(1000) } });
    const reset = await applyBulkAction({
      db: test.db,
      organisationId,
      target: { kind: "ids", ids: [user.id] },
      action: "reset",
      actor: admin,
      ip,
      now: at(60_000),
    });
    expect(reset).toMatchObject({ ok: true, affected: 1 });
    expect(await test.db.recoveryRequest.count({ where: { userId: user.id, closedAt: null } })).toBe(0);
    // The user enrols again (their own new phone); hours later the old code is still within its 8 hours.
    const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: user.id, email: user.email });
    expect(backupCodes).toHaveLength(10);
    const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
    const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
    const enrolledAt = at(2 * HOUR);
    expect(
      await confirmEnrolment({ db: test.db, keyring, userId: user.id, code: codeForStep(secret, timeStep(enrolledAt)), ip, now: enrolledAt }),
    ).toEqual({
      ok: true,
    });
    const later = at(3 * HOUR);
    const claims = await atChallenge(user.id, later);
    for (const method of ["temporary-code", "backup-code"] as const) {
      expect(await submitSecondFactor(context(later), { session: claims, method, code })).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    }
  });

  it("a wrong one counts on the shared failure counter and locks like any wrong code", async () => {
    const { user } = await enrolledUser();
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    const wrong = "0000-0000-0000-0000";
    for (let i = 1; i <= 4; i++) {
      expect(await submitSecondFactor(context(at(1000 + i)), { session: claims, method: "temporary-code", code: wrong })).toMatchObject({
        error: "INVALID_CODE",
      });
      expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorFailures).toBe(i);
    }
    expect(await auditCount(user.id, "two_factor.failed")).toBe(4);
    expect(await submitSecondFactor(context(at(1010)), { session: claims, method: "temporary-code", code: wrong })).toMatchObject({
      error: "TWO_FACTOR_LOCKED",
    });
    // Locked: even the right code is not checked.
    expect(await submitSecondFactor(context(at(1020)), { session: claims, method: "temporary-code", code })).toMatchObject({
      error: "TWO_FACTOR_LOCKED",
    });
    expect(await test.db.temporaryAccessCode.count({ where: { userId: user.id, usedAt: null } })).toBe(1);
  });

  it("works for a user whose lock (until an admin unlocks) the issuing cleared", async () => {
    const { user } = await enrolledUser();
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: HARD_LOCK_THRESHOLD } });
    const { code } = await issued(user.id);
    const claims = await atChallenge(user.id, at(1000));
    expect(await submitSecondFactor(context(at(2000)), { session: claims, method: "temporary-code", code })).toMatchObject({ state: "setup" });
    const record = await readSession(test.db, claims.sid);
    expect(record?.user.twoFactorStatus).toBe("REQUIRED");
  });
});

describe("the expiry sweep", () => {
  it("audits and mails each unused expired code once, however many instances sweep, and deletes codes after 30 days", async () => {
    const { user } = await enrolledUser();
    const { expiresAt } = await issued(user.id);
    // Not expired yet: nothing to note.
    await sweepTemporaryAccessCodes({ db: test.db, now: at(1000) });
    expect(await auditCount(user.id, "two_factor.temporary_code_expired")).toBe(0);

    // The periodic job (every instance runs it) does the sweep.
    const due = await test.db.temporaryAccessCode.count({ where: { usedAt: null, expiresAt: { lte: expiresAt }, expiryNotedAt: null } });
    const runs = await Promise.all([1, 2, 3].map(() => runSessionMaintenance({ db: test.db, now: expiresAt })));
    expect(runs.reduce((sum, run) => sum + run.temporaryCodes.expired, 0)).toBe(due);
    await sweepTemporaryAccessCodes({ db: test.db, now: at(2 * HOUR) });
    expect(await auditCount(user.id, "two_factor.temporary_code_expired")).toBe(1);
    expect(await mailsTo(user.email, "temporary-code-expired")).toBe(1);
    expect(await test.db.temporaryAccessCode.count({ where: { userId: user.id } })).toBe(1);

    // A used code is never "expired"; both go 30 days on.
    const used = await enrolledUser();
    await issued(used.user.id);
    await test.db.temporaryAccessCode.updateMany({ where: { userId: used.user.id }, data: { usedAt: at(1000) } });
    await sweepTemporaryAccessCodes({ db: test.db, now: at(2 * HOUR) });
    expect(await auditCount(used.user.id, "two_factor.temporary_code_expired")).toBe(0);

    await sweepTemporaryAccessCodes({ db: test.db, now: new Date(at(HOUR).getTime() + TEMPORARY_CODE_RETENTION_MS + 1000) });
    expect(await test.db.temporaryAccessCode.count({ where: { userId: { in: [user.id, used.user.id] } } })).toBe(0);
  });
});
