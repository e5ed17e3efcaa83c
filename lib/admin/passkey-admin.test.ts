// The admin side of passkeys (issue 15): a passkey-only admin confirms Disable/Reset with their
// passkey (a step-up challenge of their own session), and Disable, Reset and a temporary access
// code take the user's passkeys with the rest of the enrolment. On the real test database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { hashPassword } from "@/lib/auth/password";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration } from "@/lib/webauthn/registration";
import { passkeyAuthenticationOptions } from "@/lib/webauthn/authentication";
import { createSession } from "@/lib/auth/sessions";
import { submitSecondFactor, type LoginContext } from "@/lib/auth/login-flow";
import { activateBackupCodes, createPendingBackupCodes } from "@/lib/two-factor/backup-codes";
import { issueTemporaryAccessCode } from "@/lib/two-factor/temporary-access-code";
import { applyBulkAction } from "./bulk-two-factor";
import { adminConfirmWith, confirmAdmin, type AdminConfirmation } from "./confirm-admin";

let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
const PASSWORD = "correct-horse-battery-staple";
let clock = new Date("2031-06-01T09:00:00Z").getTime();
const tick = () => new Date((clock += 1000));
let ip = 0;
const nextIp = () => `198.51.100.${++ip}`;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

type Person = { id: string; email: string; name: string; organisationId: string };

/** Makes `user` Active with one passkey (no app) and backup codes; returns the authenticator. */
async function withPasskeyOnly(user: Person) {
  const key = new SoftwareAuthenticator(rp);
  const options = await passkeyRegistrationOptions({ db: test.db, rp, user, sessionId: "enrol", now: tick() });
  const registered = await verifyPasskeyRegistration({
    db: test.db,
    rp,
    response: key.register(options),
    sessionId: "enrol",
    userId: user.id,
    now: tick(),
  });
  if (!registered.ok) throw new Error(registered.reason);
  await storePasskey(test.db, { user, passkey: registered.passkey, name: "Laptop", now: tick() });
  const backupCodes = await createPendingBackupCodes({ db: test.db, userId: user.id });
  await activateBackupCodes(test.db, user.id);
  await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "ACTIVE", twoFactorEnrolledAt: tick() } });
  return { key, backupCodes };
}

async function organisation(slug: string) {
  const made = await createOrganisationWithUsers(test.db, slug);
  await test.db.user.update({ where: { id: made.admin.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return made;
}

const confirm = (adminId: string, confirmation: AdminConfirmation | undefined, sessionId: string) =>
  confirmAdmin({ db: test.db, keyring, adminId, confirmation, ip: nextIp(), now: tick(), sessionId, rp });

async function stepUpAnswer(key: SoftwareAuthenticator, userId: string, sessionId: string) {
  const options = await passkeyAuthenticationOptions({ db: test.db, rp, binding: { purpose: "step-up", sessionId, userId }, now: tick() });
  return JSON.stringify(key.assert(options));
}

const passkeysOf = (userId: string) => test.db.webAuthnCredential.count({ where: { userId } });

describe("a passkey-only admin's step-up", () => {
  it("is offered the passkey; their passkey's answer to their own session's challenge confirms, another session's does not, the password never does", async () => {
    const { admin } = await organisation("pk-admin");
    const { key } = await withPasskeyOnly(admin);
    expect(await adminConfirmWith(test.db, admin.id)).toBe("passkey");
    const session = await createSession({ db: test.db, user: admin, stage: "COMPLETE", ip: "x", userAgent: null, now: tick() });
    const other = await createSession({ db: test.db, user: admin, stage: "COMPLETE", ip: "x", userAgent: null, now: tick() });

    expect(await confirm(admin.id, { method: "password", password: PASSWORD }, session.id)).toMatchObject({ ok: false, needs: "second-factor" });
    const foreign = await stepUpAnswer(key, admin.id, other.id);
    expect(await confirm(admin.id, { method: "passkey", answer: foreign }, session.id)).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await confirm(admin.id, { method: "passkey", answer: await stepUpAnswer(key, admin.id, session.id) }, session.id)).toEqual({ ok: true });
  });

  it("confirms a Reset with the passkey: the user's passkeys go with the rest of their enrolment; Disable too", async () => {
    const { admin, member, organisation: org } = await organisation("pk-reset");
    const { key } = await withPasskeyOnly(admin);
    await withPasskeyOnly(member);
    const session = await createSession({ db: test.db, user: admin, stage: "COMPLETE", ip: "x", userAgent: null, now: tick() });
    expect(await confirm(admin.id, { method: "passkey", answer: await stepUpAnswer(key, admin.id, session.id) }, session.id)).toEqual({ ok: true });

    const scope = { db: test.db, organisationId: org.id, now: tick(), actor: admin, ip: "x" };
    expect(await applyBulkAction({ ...scope, action: "reset", target: { kind: "ids", ids: [member.id] } })).toMatchObject({ ok: true, affected: 1 });
    expect(await passkeysOf(member.id)).toBe(0);
    expect(await test.db.user.findUniqueOrThrow({ where: { id: member.id }, select: { twoFactorStatus: true } })).toEqual({
      twoFactorStatus: "REQUIRED",
    });

    await withPasskeyOnly(member);
    expect(await applyBulkAction({ ...scope, action: "disable", target: { kind: "ids", ids: [member.id] } })).toMatchObject({
      ok: true,
      affected: 1,
    });
    expect(await passkeysOf(member.id)).toBe(0);
    // The admin's own passkey is untouched.
    expect(await passkeysOf(admin.id)).toBe(1);
  });
});

describe("a temporary access code", () => {
  it("removes the user's passkeys when used (a thief may hold the synced passkey), and says so in the audit", async () => {
    const { admin, member } = await organisation("pk-tac");
    await withPasskeyOnly(member);
    const issued = await issueTemporaryAccessCode({
      db: test.db,
      keyring,
      organisationId: member.organisationId,
      userId: member.id,
      hours: 1,
      actor: admin,
      confirmation: { method: "password", password: PASSWORD },
      ip: nextIp(),
      now: tick(),
    });
    if (!issued.ok) throw new Error(issued.reason);
    const session = await createSession({ db: test.db, user: member, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: tick() });
    const context: LoginContext = { db: test.db, keyring, ip: nextIp(), userAgent: "test", now: tick(), rp };
    const outcome = await submitSecondFactor(context, {
      session: { uid: member.id, sid: session.id, gen: session.generation },
      method: "temporary-code",
      code: issued.code,
    });
    expect(outcome).toMatchObject({ state: "setup" });
    expect(await passkeysOf(member.id)).toBe(0);
    const event = await test.db.auditEvent.findFirstOrThrow({ where: { targetId: member.id, type: "two_factor.temporary_code_used" } });
    expect(JSON.parse(event.detail!)).toEqual({ passkeysRemoved: 1 });
  });
});
