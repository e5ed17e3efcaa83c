// A passkey as the second factor (issue 15) through the one door every code goes through
// (verifySecondFactor): a wrong answer counts on the shared failure counter like a wrong code,
// a user with passkeys but no authenticator app is enrolled (backup codes still work), a
// challenge issued for a step-up is no good for a login and the other way round, and a cloned
// key is audited. On the real test database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration } from "@/lib/webauthn/registration";
import { passkeyAuthenticationOptions } from "@/lib/webauthn/authentication";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { activateBackupCodes, createPendingBackupCodes } from "./backup-codes";
import { verifySecondFactor, type PasskeyCheck } from "./verify";

let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
let clock = new Date("2031-04-01T09:00:00Z").getTime();
const tick = () => new Date((clock += 1000));
let user: { id: string; email: string; name: string; organisationId: string };
let key: SoftwareAuthenticator;
let backupCodes: string[];
let ip = 0;
/** Each check from an address of its own: the per-IP limit stays out of the way. */
const nextIp = () => `198.51.100.${++ip}`;

beforeAll(async () => {
  test = await createTestDatabase();
  const made = await createOrganisationWithUsers(test.db, "passkey-factor");
  user = made.member;
  key = new SoftwareAuthenticator(rp);
  const options = await passkeyRegistrationOptions({ db: test.db, rp, user, sessionId: "enrolment", now: tick() });
  const registered = await verifyPasskeyRegistration({
    db: test.db,
    rp,
    response: key.register(options),
    sessionId: "enrolment",
    userId: user.id,
    now: tick(),
  });
  if (!registered.ok) throw new Error(registered.reason);
  await storePasskey(test.db, { user, passkey: registered.passkey, name: "Laptop", now: tick() });
  backupCodes = await createPendingBackupCodes({ db: test.db, userId: user.id });
  await activateBackupCodes(test.db, user.id);
  // Enrolled with a passkey only: no authenticator app.
  await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "ACTIVE", twoFactorEnrolledAt: tick() } });
});
afterAll(() => test.dispose());

const check = (purpose: PasskeyCheck["purpose"], sessionId: string): PasskeyCheck => ({ rp, purpose, sessionId });

async function answer(purpose: PasskeyCheck["purpose"], sessionId: string) {
  const options = await passkeyAuthenticationOptions({ db: test.db, rp, binding: { purpose, sessionId, userId: user.id }, now: tick() });
  return JSON.stringify(key.assert(options));
}

const verify = (code: string, passkey: PasskeyCheck, method: "passkey" | "totp" | "backup-code" = "passkey") =>
  verifySecondFactor({ db: test.db, keyring, userId: user.id, method, code, ip: nextIp(), now: tick(), passkey });

const failures = async () =>
  (await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorFailures: true } })).twoFactorFailures;

describe("a passkey through verifySecondFactor", () => {
  it("passes for the challenge of this session and purpose, and gives the attempt back", async () => {
    const before = await failures();
    expect(await verify(await answer("step-up", "s1"), check("step-up", "s1"))).toEqual({ ok: true });
    expect(await failures()).toBe(before);
  });

  it("counts a refused answer on the shared failure counter, like a wrong code", async () => {
    const before = await failures();
    // Issued for a step-up, offered at a login: refused and counted.
    expect(await verify(await answer("step-up", "s2"), check("second-factor", "s2"))).toMatchObject({ ok: false, reason: "wrong-code" });
    // Not JSON at all.
    expect(await verify("not an assertion", check("step-up", "s2"))).toMatchObject({ ok: false, reason: "wrong-code" });
    expect(await failures()).toBe(before + 2);
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 0 } });
  });

  it("has no authenticator app to check, but still takes a backup code", async () => {
    expect(await verify("123456", check("step-up", "s3"), "totp")).toEqual({ ok: false, reason: "not-enrolled" });
    expect(await verify(backupCodes[0]!, check("step-up", "s3"), "backup-code")).toEqual({ ok: true });
  });

  it("refuses a locked account's passkey without checking it", async () => {
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 10, twoFactorLockedUntil: new Date(clock + 3_600_000) } });
    expect(await verify(await answer("step-up", "s4"), check("step-up", "s4"))).toMatchObject({ ok: false, reason: "locked" });
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 0, twoFactorLockedUntil: null } });
  });

  it("audits a cloned key (its counter went back) and refuses it", async () => {
    const clone = key.clone();
    expect(await verify(await answer("step-up", "s5"), check("step-up", "s5"))).toEqual({ ok: true });
    const options = await passkeyAuthenticationOptions({
      db: test.db,
      rp,
      binding: { purpose: "step-up", sessionId: "s6", userId: user.id },
      now: tick(),
    });
    // The clone was copied before the last use: its counter is behind.
    const behind = clone.assert(options, { counter: 1 });
    expect(await verify(JSON.stringify(behind), check("step-up", "s6"))).toMatchObject({ ok: false, reason: "wrong-code" });
    const audit = await test.db.auditEvent.findFirst({ where: { type: "passkey.clone_suspected", targetId: user.id } });
    expect(audit?.detail).toContain("Laptop");
    // The user hears of it too: a copy of their key is out there.
    expect(await test.db.outboxEmail.count({ where: { template: "passkey-clone-suspected", recipient: user.email } })).toBe(1);
  });
});
