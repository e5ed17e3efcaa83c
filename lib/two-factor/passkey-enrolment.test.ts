// The setup wizard's other way (issue 15): a passkey instead of an authenticator app, at the
// login's wizard (a Required user) and in the voluntary set-up. The user ends Active with no app
// secret, the wizard's backup codes work, it is audited and mailed; a registration made over
// another session's challenge is refused. On the real test database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { beginSetup, submitPasskeySetup, type LoginContext } from "@/lib/auth/login-flow";
import { createSession } from "@/lib/auth/sessions";
import { verifySecondFactor } from "./verify";
import { beginSelfSetup } from "./begin-self-enrolment";
import { confirmSelfEnrolment, confirmSelfPasskeyEnrolment } from "./confirm-self-enrolment";
import { beginAuthenticatorChange } from "./begin-self-enrolment";
import { hashPassword } from "@/lib/auth/password";
import { passkeyAuthenticationOptions } from "@/lib/webauthn/authentication";
import { openTotpSecret } from "./secrets";
import { codeForStep, timeStep } from "./totp";
import { selfPasskeyEnrolmentOptions, passkeyEnrolmentOptions } from "./enrol-passkey";

let test: TestDatabase;
let organisationId: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
let clock = new Date("2031-05-01T09:00:00Z").getTime();
const PASSWORD = "correct-horse-battery-staple";
const tick = () => new Date((clock += 1000));
const context = (): LoginContext => ({ db: test.db, keyring, ip: "203.0.113.9", userAgent: "test", now: tick(), rp });

beforeAll(async () => {
  test = await createTestDatabase();
  organisationId = (await createOrganisationWithUsers(test.db, "passkey-wizard")).organisation.id;
});
afterAll(() => test.dispose());

async function newUser(local: string, status: "REQUIRED" | "OFF") {
  return test.db.user.create({
    data: { organisationId, email: `${local}@passkey-wizard.test`, name: local, passwordHash: "x", twoFactorStatus: status },
    select: { id: true, email: true, name: true, organisationId: true },
  });
}

/** A Required user at the login's wizard: their pending session, the wizard's backup codes. */
async function atLoginWizard(local: string) {
  const user = await newUser(local, "REQUIRED");
  const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: tick() });
  const material = await beginSetup({ db: test.db, keyring, userId: user.id });
  return { user, session, claims: { uid: user.id, sid: session.id, gen: session.generation }, backupCodes: material!.backupCodes };
}

const stateOf = (userId: string) =>
  test.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { twoFactorStatus: true, totpSecret: true, totpPendingSecret: true, twoFactorEnrolledAt: true },
  });
const auditDetails = async (userId: string, type: string) =>
  (await test.db.auditEvent.findMany({ where: { targetId: userId, type }, select: { detail: true } })).map((event) =>
    event.detail ? (JSON.parse(event.detail) as unknown) : null,
  );
const emailsTo = async (email: string, template: string) =>
  (await test.db.outboxEmail.findMany({ where: { recipient: email, template }, select: { data: true } })).map((row) => row.data);

describe("the login's wizard with a passkey", () => {
  it("a Required user who registers a passkey is Active without an app, their backup codes work, the login completes, audited and mailed", async () => {
    const { user, session, claims, backupCodes } = await atLoginWizard("login");
    const key = new SoftwareAuthenticator(rp);
    const options = await passkeyEnrolmentOptions({ db: test.db, rp, userId: user.id, sessionId: session.id, now: tick() });
    const outcome = await submitPasskeySetup(context(), { session: claims, response: key.register(options!), name: "Work laptop" });
    expect(outcome).toMatchObject({ state: "complete", claims: { gen: claims.gen + 1 } });

    expect(await stateOf(user.id)).toMatchObject({
      twoFactorStatus: "ACTIVE",
      totpSecret: null,
      totpPendingSecret: null,
      twoFactorEnrolledAt: expect.any(Date),
    });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      stage: "COMPLETE",
      secondFactor: "passkey-setup",
    });
    expect(await test.db.webAuthnCredential.findMany({ where: { userId: user.id }, select: { name: true } })).toEqual([{ name: "Work laptop" }]);
    expect(await auditDetails(user.id, "two_factor.enrolled")).toEqual([{ method: "passkey" }]);
    expect(await auditDetails(user.id, "passkey.added")).toEqual([{ name: "Work laptop" }]);
    expect(await emailsTo(user.email, "two-factor-enrolled")).toEqual([expect.stringMatching(/"method":"passkey","passkeyName":"Work laptop"/)]);
    // The backup codes the wizard showed are the ones now active.
    const backup = await verifySecondFactor({
      db: test.db,
      keyring,
      userId: user.id,
      method: "backup-code",
      code: backupCodes[0]!,
      ip: "x",
      now: tick(),
    });
    expect(backup).toEqual({ ok: true });
  });

  it("a registration made over another session's challenge is refused, and nothing is enrolled", async () => {
    const victim = await atLoginWizard("bound");
    const other = await createSession({ db: test.db, user: victim.user, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: tick() });
    const key = new SoftwareAuthenticator(rp);
    const foreign = await passkeyEnrolmentOptions({ db: test.db, rp, userId: victim.user.id, sessionId: other.id, now: tick() });
    const outcome = await submitPasskeySetup(context(), { session: victim.claims, response: key.register(foreign!), name: "Mine" });
    expect(outcome).toMatchObject({ state: "refused", error: "PASSKEY_NOT_REGISTERED" });
    expect(await stateOf(victim.user.id)).toMatchObject({ twoFactorStatus: "REQUIRED" });
    expect(await test.db.webAuthnCredential.count({ where: { userId: victim.user.id } })).toBe(0);
    expect(await test.db.backupCode.count({ where: { userId: victim.user.id, active: true } })).toBe(0);
  });

  it("no registration options before the wizard begins, nor for an enrolled user", async () => {
    const user = await newUser("unbegun", "REQUIRED");
    expect(await passkeyEnrolmentOptions({ db: test.db, rp, userId: user.id, sessionId: "s", now: tick() })).toBeNull();
    const { user: done, session, claims } = await atLoginWizard("twice");
    const key = new SoftwareAuthenticator(rp);
    const options = await passkeyEnrolmentOptions({ db: test.db, rp, userId: done.id, sessionId: session.id, now: tick() });
    await submitPasskeySetup(context(), { session: claims, response: key.register(options!), name: "Key" });
    expect(await passkeyEnrolmentOptions({ db: test.db, rp, userId: done.id, sessionId: session.id, now: tick() })).toBeNull();
  });
});

describe("the voluntary set-up with a passkey", () => {
  it("a user whose 2FA is Off registers a passkey: Active without an app, this session counts as passed, audited and mailed", async () => {
    const user = await newUser("voluntary", "OFF");
    const session = await createSession({ db: test.db, user, stage: "COMPLETE", ip: "x", userAgent: null, now: tick() });
    const begun = await beginSelfSetup({ db: test.db, keyring, user });
    if (!begun.ok) throw new Error(begun.reason);
    const key = new SoftwareAuthenticator(rp);
    // A passkey signs in on its own: the session alone is not enough to add one, the password is asked.
    await test.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const asked = { db: test.db, rp, userId: user.id, sessionId: session.id, ip: "192.0.2.44" };
    expect(await selfPasskeyEnrolmentOptions({ ...asked, password: "not-my-password", now: tick() })).toEqual({ ok: false, error: "WRONG_PASSWORD" });
    const granted = await selfPasskeyEnrolmentOptions({ ...asked, password: PASSWORD, now: tick() });
    if (!granted.ok) throw new Error(granted.error);
    const options = granted.options;
    const result = await confirmSelfPasskeyEnrolment({
      db: test.db,
      rp,
      user,
      sessionId: session.id,
      response: key.register(options),
      name: "Phone",
      ip: "x",
      now: tick(),
    });
    expect(result).toEqual({ ok: true });
    expect(await stateOf(user.id)).toMatchObject({ twoFactorStatus: "ACTIVE", totpSecret: null });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ secondFactor: "passkey-setup" });
    expect(await test.db.backupCode.count({ where: { userId: user.id, active: true } })).toBe(10);
    expect(await auditDetails(user.id, "two_factor.enrolled")).toEqual([{ method: "passkey" }]);
    expect(await emailsTo(user.email, "two-factor-enrolled")).toHaveLength(1);
  });
});

describe("a passkey-only user adds an authenticator app", () => {
  it("confirms with the password and their passkey (no app code to give), and keeps the passkey next to the new app", async () => {
    const user = await newUser("adds-app", "REQUIRED");
    await test.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: tick() });
    await beginSetup({ db: test.db, keyring, userId: user.id });
    const key = new SoftwareAuthenticator(rp);
    const options = await passkeyEnrolmentOptions({ db: test.db, rp, userId: user.id, sessionId: session.id, now: tick() });
    const claims = { uid: user.id, sid: session.id, gen: session.generation };
    await submitPasskeySetup(context(), { session: claims, response: key.register(options!), name: "Key" });

    const binding = { purpose: "step-up", sessionId: session.id, userId: user.id } as const;
    const answer = JSON.stringify(key.assert(await passkeyAuthenticationOptions({ db: test.db, rp, binding, now: tick() })));
    const begun = await beginAuthenticatorChange({
      db: test.db,
      keyring,
      user,
      password: PASSWORD,
      method: "passkey",
      code: answer,
      sessionId: session.id,
      rp,
      ip: "x",
      now: tick(),
    });
    if (!begun.ok) throw new Error(begun.error);
    const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
    const when = tick();
    const code = codeForStep(openTotpSecret(keyring, row.totpPendingSecret!, user.id), timeStep(when));
    expect(await confirmSelfEnrolment({ db: test.db, keyring, user, sessionId: session.id, code, ip: "x", now: when })).toEqual({ ok: true });
    expect(await test.db.webAuthnCredential.count({ where: { userId: user.id } })).toBe(1);
    expect(await stateOf(user.id)).toMatchObject({ twoFactorStatus: "ACTIVE", totpSecret: expect.any(String) });
    // Nothing was "changed": the app is their first.
    expect(await emailsTo(user.email, "two-factor-app-changed")).toHaveLength(0);
  });
});
