// The security settings' 2FA changes: each writes its state and its audit event in one transaction.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { consumeBackupCode, countUnusedBackupCodes } from "./backup-codes";
import { beginAuthenticatorChange, beginSelfSetup } from "./begin-self-enrolment";
import { confirmSelfEnrolment } from "./confirm-self-enrolment";
import { regenerateBackupCodes } from "./regenerate-backup-codes";
import { openTotpSecret } from "./secrets";
import { codeForStep, timeStep } from "./totp";

let test: TestDatabase;
let user: { id: string; email: string; organisationId: string };
let sessionId: string;
let ip: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const PASSWORD = "correct-horse-battery-staple";
const start = new Date("2030-07-01T10:00:05Z");
const later = (ms: number) => new Date(start.getTime() + ms);
let passwordHash: string;

async function pendingSecret() {
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  return openTotpSecret(keyring, row.totpPendingSecret!, user.id);
}

const confirm = (code: string, now = start) => confirmSelfEnrolment({ db: test.db, keyring, user, sessionId, code, ip, now });

/** Sets up 2FA from the settings; returns the secret and the backup codes. */
async function setUp(now = start) {
  const begun = await beginSelfSetup({ db: test.db, keyring, user });
  if (!begun.ok) throw new Error("set-up refused");
  const secret = await pendingSecret();
  expect(await confirm(codeForStep(secret, timeStep(now)), now)).toEqual({ ok: true });
  return { secret, backupCodes: begun.material.backupCodes };
}

const events = (type: string) => test.db.auditEvent.findMany({ where: { organisationId: user.organisationId, type } });
const stateOf = () => test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorStatus: true, totpPendingSecret: true } });
const secondFactorOf = async () =>
  (await test.db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { secondFactor: true } })).secondFactor;

beforeAll(async () => {
  test = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  const { member } = await createOrganisationWithUsers(test.db, `self${crypto.randomBytes(4).toString("hex")}`);
  await test.db.user.update({ where: { id: member.id }, data: { passwordHash } });
  user = { id: member.id, email: member.email, organisationId: member.organisationId };
  sessionId = (await createSession({ db: test.db, user, stage: "COMPLETE", ip, userAgent: null, now: start })).id;
});

describe("voluntary set-up", () => {
  it("activates 2FA, marks this session as having passed it, and audits it, together", async () => {
    await setUp();
    expect(await stateOf()).toEqual({ twoFactorStatus: "ACTIVE", totpPendingSecret: null });
    expect(await secondFactorOf()).toBe("two-factor-setup");
    expect(await countUnusedBackupCodes({ db: test.db, userId: user.id })).toBe(10);
    expect(await events("two_factor.enrolled")).toEqual([expect.objectContaining({ actorId: user.id, targetId: user.id, ip, createdAt: start })]);
  });

  it("activates nothing when its audit event cannot be written", async () => {
    await beginSelfSetup({ db: test.db, keyring, user });
    const secret = await pendingSecret();
    await expectFailureWithAuditRefused(test.db, () => confirm(codeForStep(secret, timeStep(start))));
    expect((await stateOf()).twoFactorStatus).toBe("OFF");
    expect(await secondFactorOf()).toBeNull();
    expect(await countUnusedBackupCodes({ db: test.db, userId: user.id })).toBe(0);
  });

  it("is refused once 2FA is active, and a wrong code activates nothing and audits nothing", async () => {
    await beginSelfSetup({ db: test.db, keyring, user });
    expect(await confirm("000000")).toMatchObject({ ok: false, reason: "wrong-code" });
    expect((await stateOf()).twoFactorStatus).toBe("OFF");
    expect(await events("two_factor.enrolled")).toEqual([]);

    await setUp(later(60_000));
    expect(await beginSelfSetup({ db: test.db, keyring, user })).toEqual({ ok: false, reason: "already-active" });
  });
});

describe("changing the authenticator", () => {
  it("asks for the password and a current code before a new secret is made", async () => {
    const { secret } = await setUp();
    const now = later(60_000);
    expect(await beginAuthenticatorChange({ db: test.db, keyring, user, password: "wrong-password", code: "000000", ip, now })).toEqual({
      ok: false,
      error: "WRONG_PASSWORD",
    });
    expect((await stateOf()).totpPendingSecret).toBeNull();
    const begun = await beginAuthenticatorChange({
      db: test.db,
      keyring,
      user,
      password: PASSWORD,
      code: codeForStep(secret, timeStep(now)),
      ip,
      now,
    });
    expect(begun).toMatchObject({ ok: true, material: { backupCodes: expect.any(Array) } });
    expect((await stateOf()).totpPendingSecret).not.toBeNull();
  });
});

describe("regenerating backup codes", () => {
  it("replaces the old codes and audits it, after the password and a current code", async () => {
    const { secret, backupCodes } = await setUp();
    const now = later(60_000);
    const result = await regenerateBackupCodes({ db: test.db, keyring, user, password: PASSWORD, code: codeForStep(secret, timeStep(now)), ip, now });
    if (!result.ok) throw new Error(result.error);
    expect(result.codes).toHaveLength(10);
    expect(await consumeBackupCode({ db: test.db, userId: user.id, input: backupCodes[0]!, now })).toBe("no-match");
    expect(await consumeBackupCode({ db: test.db, userId: user.id, input: result.codes[0]!, now })).toBe("accepted");
    expect(await events("two_factor.backup_codes_regenerated")).toEqual([expect.objectContaining({ targetId: user.id, ip, createdAt: now })]);
  });

  it("keeps the old codes when its audit event cannot be written", async () => {
    const { secret, backupCodes } = await setUp();
    const now = later(60_000);
    await expectFailureWithAuditRefused(test.db, () =>
      regenerateBackupCodes({ db: test.db, keyring, user, password: PASSWORD, code: codeForStep(secret, timeStep(now)), ip, now }),
    );
    expect(await countUnusedBackupCodes({ db: test.db, userId: user.id })).toBe(10);
    expect(await consumeBackupCode({ db: test.db, userId: user.id, input: backupCodes[0]!, now })).toBe("accepted");
  });

  it("changes nothing without the right code", async () => {
    const { backupCodes } = await setUp();
    const now = later(60_000);
    expect(await regenerateBackupCodes({ db: test.db, keyring, user, password: PASSWORD, code: "000000", ip, now })).toEqual({
      ok: false,
      error: "INVALID_CODE",
    });
    expect(await events("two_factor.backup_codes_regenerated")).toEqual([]);
    expect(await consumeBackupCode({ db: test.db, userId: user.id, input: backupCodes[0]!, now })).toBe("accepted");
  });
});
