import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { hashPassword } from "@/lib/auth/password";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { adminConfirmationKind, confirmAdmin, type AdminConfirmation } from "./confirm-admin";

let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const PASSWORD = "correct-horse-battery-staple";
const start = new Date("2030-07-01T09:00:05Z");
const at = (steps: number) => new Date(start.getTime() + steps * 30_000);

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

/** An admin with a real password, enrolled in 2FA as the wizard does when `withTwoFactor`. */
async function admin(slug: string, withTwoFactor: boolean) {
  const { admin } = await createOrganisationWithUsers(test.db, slug);
  await test.db.user.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  if (!withTwoFactor) return { id: admin.id, secret: null, backupCodes: [] };
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: admin.id, email: admin.email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, admin.id);
  expect(
    await confirmEnrolment({ db: test.db, keyring, userId: admin.id, code: codeForStep(secret, timeStep(start)), ip: "203.0.113.9", now: start }),
  ).toEqual({ ok: true });
  return { id: admin.id, secret, backupCodes };
}

const confirm = (adminId: string, confirmation: AdminConfirmation | undefined, now = start) =>
  confirmAdmin({ db: test.db, keyring, adminId, confirmation, ip: "203.0.113.9", now });
const failures = async (id: string) =>
  (await test.db.user.findUniqueOrThrow({ where: { id }, select: { twoFactorFailures: true } })).twoFactorFailures;

describe("an admin confirming Disable or Reset 2FA", () => {
  it("with 2FA: the password alone is refused, even the right one; a current code or a backup code confirms", async () => {
    const { id, secret, backupCodes } = await admin("stepup", true);
    expect(await adminConfirmationKind(test.db, id)).toBe("second-factor");

    expect(await confirm(id, { method: "password", password: PASSWORD })).toEqual({ ok: false, error: "INVALID_INPUT", needs: "second-factor" });
    expect(await confirm(id, undefined)).toEqual({ ok: false, error: "INVALID_INPUT", needs: "second-factor" });
    expect(await failures(id)).toBe(0);

    expect(await confirm(id, { method: "totp", code: codeForStep(secret!, timeStep(at(1))) }, at(1))).toEqual({ ok: true });
    // The same step again is a replay.
    expect(await confirm(id, { method: "totp", code: codeForStep(secret!, timeStep(at(1))) }, at(1))).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await confirm(id, { method: "backup-code", code: backupCodes[0]!.toLowerCase() }, at(2))).toEqual({ ok: true });
    expect(await confirm(id, { method: "backup-code", code: backupCodes[0]! }, at(2))).toEqual({ ok: false, error: "INVALID_CODE" });
    // The replayed step is refused without counting (it is no guess); the spent backup code counts.
    expect(await failures(id)).toBe(1);
  });

  it("with 2FA: wrong codes count on the admin's own 2FA counter and lock it", async () => {
    const { id } = await admin("stepup-lock", true);
    for (let i = 1; i <= 4; i++) expect(await confirm(id, { method: "totp", code: "000000" }, at(i))).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await confirm(id, { method: "backup-code", code: "AAAA-BBBB-CCCC-DDDD" }, at(5))).toEqual({ ok: false, error: "TWO_FACTOR_LOCKED" });
    expect(await failures(id)).toBe(5);
    // Locked: not even the password gets around it.
    expect(await confirm(id, { method: "password", password: PASSWORD }, at(6))).toMatchObject({ ok: false, needs: "second-factor" });
  });

  it("without 2FA: the password confirms, a code is no substitute", async () => {
    const { id } = await admin("nostepup", false);
    expect(await adminConfirmationKind(test.db, id)).toBe("password");
    expect(await confirm(id, { method: "totp", code: "123456" })).toEqual({ ok: false, error: "INVALID_INPUT", needs: "password" });
    expect(await confirm(id, { method: "password", password: "not-my-password" })).toEqual({ ok: false, error: "WRONG_PASSWORD" });
    expect(await confirm(id, { method: "password", password: PASSWORD })).toEqual({ ok: true });
  });
});
