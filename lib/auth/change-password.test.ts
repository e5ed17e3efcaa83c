// Settings > Security > Change password: the current password, a current code when 2FA is on,
// the same throttles as re-authentication, and only the other sessions end.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { accountKey } from "@/lib/auth/password-throttle";
import { createSession } from "@/lib/auth/sessions";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { beginSelfSetup } from "@/lib/two-factor/begin-self-enrolment";
import { confirmSelfEnrolment } from "@/lib/two-factor/confirm-self-enrolment";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { requestPasswordReset } from "./password-reset";
import { changePassword } from "./change-password";

let test: TestDatabase;
let user: { id: string; email: string; organisationId: string; sessionId: string };
let ip: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const OLD_PASSWORD = "correct-horse-battery-staple";
const NEW_PASSWORD = "a brand new passphrase for tests";
const start = new Date("2030-07-01T10:00:05Z");
const later = (ms: number) => new Date(start.getTime() + ms);
let oldHash: string;

type Code = { method: "totp" | "backup-code"; value: string };
const change = (options: { current?: string; next?: string; code?: Code; now?: Date } = {}) =>
  changePassword({
    db: test.db,
    keyring,
    user,
    currentPassword: options.current ?? OLD_PASSWORD,
    newPassword: options.next ?? NEW_PASSWORD,
    code: options.code,
    ip,
    now: options.now ?? later(60_000),
  });

const hashNow = async () => (await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
const passwordIs = async (password: string) => verifyPassword(await hashNow(), password);
const events = (type: string) => test.db.auditEvent.findMany({ where: { targetId: user.id, type } });
const changedEmails = () => test.db.outboxEmail.findMany({ where: { recipient: user.email, template: "password-changed" } });

/** Turns 2FA on through the settings; returns the secret and the backup codes. */
async function enrol() {
  const begun = await beginSelfSetup({ db: test.db, keyring, user });
  if (!begun.ok) throw new Error("set-up refused");
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  const confirmed = await confirmSelfEnrolment({
    db: test.db,
    keyring,
    user,
    sessionId: user.sessionId,
    code: codeForStep(secret, timeStep(start)),
    ip,
    now: start,
  });
  expect(confirmed).toEqual({ ok: true });
  return { secret, backupCodes: begun.material.backupCodes };
}

beforeAll(async () => {
  test = await createTestDatabase();
  oldHash = await hashPassword(OLD_PASSWORD);
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  const { member } = await createOrganisationWithUsers(test.db, `chg${crypto.randomBytes(4).toString("hex")}`);
  await test.db.user.update({ where: { id: member.id }, data: { passwordHash: oldHash } });
  const base = { id: member.id, email: member.email, organisationId: member.organisationId };
  const session = await createSession({ db: test.db, user: base, stage: "COMPLETE", ip, userAgent: null, now: start });
  user = { ...base, sessionId: session.id };
});

describe("without 2FA", () => {
  it("needs the current password; then sets the new one, ends the other sessions only, audits and mails", async () => {
    const other = await createSession({ db: test.db, user, stage: "COMPLETE", ip: "192.0.2.7", userAgent: null, now: start });
    const pending = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "192.0.2.8", userAgent: null, now: start });

    expect(await change({ current: "not-my-password" })).toEqual({ ok: false, error: "WRONG_PASSWORD", field: "currentPassword" });
    expect(await passwordIs(OLD_PASSWORD)).toBe(true);
    expect(await changedEmails()).toEqual([]);

    expect(await change()).toEqual({ ok: true, ended: 2 });
    expect(await passwordIs(NEW_PASSWORD)).toBe(true);
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordChangedAt: later(60_000) });
    const sessions = await test.db.session.findMany({ where: { id: { in: [user.sessionId, other.id, pending.id] } } });
    const reasonOf = (id: string) => sessions.find((s) => s.id === id)!.revokedReason;
    expect([reasonOf(user.sessionId), reasonOf(other.id), reasonOf(pending.id)]).toEqual([null, "password-changed", "password-changed"]);
    expect(await events("password.changed")).toEqual([expect.objectContaining({ actorId: user.id, ip, detail: JSON.stringify({ ended: 2 }) })]);
    expect((await changedEmails()).map((row) => [row.organisationId, JSON.parse(row.data).data])).toEqual([
      [user.organisationId, { how: "changed", at: later(60_000).toISOString() }],
    ]);
  });

  it("refuses a new password against the rules before counting an attempt", async () => {
    expect(await change({ next: "iloveyou" })).toMatchObject({ ok: false, error: "INVALID_INPUT", field: "newPassword" });
    expect(await change({ next: `${user.email.split("@")[0]}-is-me-2030` })).toMatchObject({
      ok: false,
      error: "INVALID_INPUT",
      field: "newPassword",
    });
    expect(await test.db.rateLimit.findUnique({ where: { key: accountKey(user.email) } })).toBeNull();
    expect(await passwordIs(OLD_PASSWORD)).toBe(true);
  });

  it("counts wrong current passwords towards the password throttle, parallel ones included", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => change({ current: "not-my-password" })));
    expect(results.filter((r) => !r.ok && r.error === "WRONG_PASSWORD")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error === "RATE_LIMITED")).toHaveLength(3);
    // Locked: even the right password waits.
    expect(await change()).toMatchObject({ ok: false, error: "RATE_LIMITED" });
    expect(await passwordIs(OLD_PASSWORD)).toBe(true);
  });

  it("makes an outstanding reset link stop working", async () => {
    await requestPasswordReset({ db: test.db, keyring, email: user.email, ip, now: start });
    const [row] = await test.db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(row!.usedAt).toBeNull();
    expect(await change()).toMatchObject({ ok: true });
    expect((await test.db.passwordResetToken.findUniqueOrThrow({ where: { id: row!.id } })).usedAt).toEqual(later(60_000));
  });

  it("changes nothing when its audit event cannot be written", async () => {
    await expectFailureWithAuditRefused(test.db, () => change());
    expect(await passwordIs(OLD_PASSWORD)).toBe(true);
    expect(await changedEmails()).toEqual([]);
  });
});

describe("with 2FA on", () => {
  it("needs a current code as well as the password; a wrong code counts towards the 2FA lock", async () => {
    const { secret } = await enrol();
    const now = later(120_000);
    expect(await change({ now })).toMatchObject({ ok: false, error: "INVALID_INPUT", field: "code" });
    expect(await change({ code: { method: "totp", value: "000000" }, now })).toEqual({ ok: false, error: "INVALID_CODE", field: "code" });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorFailures).toBe(1);
    expect(await change({ current: "not-my-password", code: { method: "totp", value: codeForStep(secret, timeStep(now)) }, now })).toMatchObject({
      error: "WRONG_PASSWORD",
    });
    expect(await passwordIs(OLD_PASSWORD)).toBe(true);

    expect(await change({ code: { method: "totp", value: codeForStep(secret, timeStep(now)) }, now })).toEqual({ ok: true, ended: 0 });
    expect(await passwordIs(NEW_PASSWORD)).toBe(true);
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorStatus: "ACTIVE" });
  });

  it("refuses the same code twice (replay)", async () => {
    const { secret } = await enrol();
    const now = later(120_000);
    const code = { method: "totp" as const, value: codeForStep(secret, timeStep(now)) };
    expect(await change({ code, now })).toMatchObject({ ok: true });
    expect(await change({ current: NEW_PASSWORD, next: "yet another passphrase here", code, now })).toMatchObject({ ok: false, field: "code" });
    expect(await passwordIs(NEW_PASSWORD)).toBe(true);
  });

  it("takes a backup code instead, once", async () => {
    const { backupCodes } = await enrol();
    const code = { method: "backup-code" as const, value: backupCodes[0]! };
    expect(await change({ code })).toMatchObject({ ok: true });
    expect(await change({ current: NEW_PASSWORD, next: "yet another passphrase here", code })).toEqual({
      ok: false,
      error: "INVALID_CODE",
      field: "code",
    });
  });
});
