// Settings > Security > Passkeys (issue 15): adding one needs the password and a second factor and
// a registration started by this session; renaming needs the session; removing needs the password
// and a second factor (a passkey too) and never takes the last one. Someone else's passkey reads
// as unknown. Every change is audited and emailed. On the real test database.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { hashPassword } from "@/lib/auth/password";
import { changePassword } from "@/lib/auth/change-password";
import { accountKey } from "@/lib/auth/password-throttle";
import { createSession } from "@/lib/auth/sessions";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { activateBackupCodes, createPendingBackupCodes } from "@/lib/two-factor/backup-codes";
import { beginAuthenticatorChange } from "@/lib/two-factor/begin-self-enrolment";
import { regenerateBackupCodes } from "@/lib/two-factor/regenerate-backup-codes";
import { newTotpSecret, sealTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { passkeyAuthenticationOptions } from "./authentication";
import { addPasskey, beginPasskeyRegistration, removePasskey, renamePasskey, type StepUp } from "./manage-passkeys";
import { listPasskeys } from "./passkeys";
import { relyingParty } from "./relying-party";

let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
const PASSWORD = "correct-horse-battery-staple";
let passwordHash: string;
let clock = new Date("2031-06-01T09:00:00Z").getTime();
/** Each call a step (30 s) later: every TOTP code is a fresh one. */
const tick = () => new Date((clock += 30_000));

interface Member {
  id: string;
  sessionId: string;
  email: string;
  organisationId: string;
  secret: Buffer | null;
  backupCodes: string[];
}
let member: Member;
let ip: string;

/** A member of a new organisation with 2FA on: an authenticator app unless `app: false` (then passkeys only). */
async function enrolledMember(options: { app?: boolean } = {}): Promise<Member> {
  const { member } = await createOrganisationWithUsers(test.db, `pk${crypto.randomBytes(4).toString("hex")}`);
  const secret = options.app === false ? null : newTotpSecret();
  await test.db.user.update({
    where: { id: member.id },
    data: {
      passwordHash,
      twoFactorStatus: "ACTIVE",
      twoFactorEnrolledAt: new Date(clock),
      totpSecret: secret ? sealTotpSecret(keyring, secret, member.id) : null,
    },
  });
  const backupCodes = await createPendingBackupCodes({ db: test.db, userId: member.id });
  await activateBackupCodes(test.db, member.id);
  const session = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "10.0.0.1", userAgent: null, now: new Date(clock) });
  return { id: member.id, sessionId: session.id, email: member.email, organisationId: member.organisationId, secret, backupCodes };
}

const withCode = (user: Member, now: Date): StepUp => ({ password: PASSWORD, method: "totp", code: codeForStep(user.secret!, timeStep(now)) });

/** The passkey's answer to a step-up challenge of `user`'s session. */
async function passkeyAnswer(user: Member, key: SoftwareAuthenticator): Promise<StepUp> {
  const binding = { purpose: "step-up", sessionId: user.sessionId, userId: user.id } as const;
  const options = await passkeyAuthenticationOptions({ db: test.db, rp, binding, now: tick() });
  return { password: PASSWORD, method: "passkey", code: JSON.stringify(key.assert(options)) };
}

/** Adds a passkey through both steps (password and `stepUp`, then the registration); returns its key and id. */
async function add(user: Member, name: string, stepUp?: StepUp) {
  const now = tick();
  const begun = await beginPasskeyRegistration({ db: test.db, keyring, rp, user, stepUp: stepUp ?? withCode(user, now), ip, now });
  if (!begun.ok) throw new Error(begun.error);
  const key = new SoftwareAuthenticator(rp);
  const added = await addPasskey({ db: test.db, rp, user, response: key.register(begun.options), name, ip, now: tick() });
  if (!added.ok) throw new Error(added.reason);
  return { key, id: added.id };
}

const events = (user: Member, type: string) =>
  test.db.auditEvent.findMany({ where: { targetId: user.id, type }, select: { actorId: true, ip: true, detail: true } });
const emails = (user: Member, template: string) =>
  test.db.outboxEmail.findMany({ where: { recipient: user.email, template }, select: { data: true } });
const failures = async (user: Member) =>
  (await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorFailures: true } })).twoFactorFailures;
const passwordFailures = async (user: Member) => (await test.db.rateLimit.findUnique({ where: { key: accountKey(user.email) } }))?.count ?? 0;
const names = async (user: Member) => (await listPasskeys(test.db, user.id)).map((passkey) => passkey.name);

beforeAll(async () => {
  test = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  member = await enrolledMember();
});

describe("adding a passkey", () => {
  it("asks for the password and a current code first; refusals are counted and issue no registration", async () => {
    let now = tick();
    const wrongPassword = await beginPasskeyRegistration({
      db: test.db,
      keyring,
      rp,
      user: member,
      stepUp: { ...withCode(member, now), password: "not-my-password" },
      ip,
      now,
    });
    expect(wrongPassword).toEqual({ ok: false, error: "WRONG_PASSWORD", field: "password" });
    expect(await passwordFailures(member)).toBe(1);

    now = tick();
    const wrongCode = await beginPasskeyRegistration({
      db: test.db,
      keyring,
      rp,
      user: member,
      stepUp: { password: PASSWORD, method: "totp", code: "000000" === codeForStep(member.secret!, timeStep(now)) ? "111111" : "000000" },
      ip,
      now,
    });
    expect(wrongCode).toEqual({ ok: false, error: "INVALID_CODE", field: "code" });
    expect(await failures(member)).toBe(1);
    expect(await test.db.webAuthnChallenge.count({ where: { userId: member.id } })).toBe(0);
  });

  it("stores the passkey under its name, audited and emailed, and lists it", async () => {
    await add(member, "Work laptop");
    expect(await names(member)).toEqual(["Work laptop"]);
    expect(await events(member, "passkey.added")).toEqual([{ actorId: member.id, ip, detail: expect.stringContaining("Work laptop") }]);
    expect(await emails(member, "passkey-added")).toEqual([{ data: expect.stringContaining("Work laptop") }]);
  });

  it("accepts a backup code or an existing passkey as the second factor", async () => {
    const { key: laptop } = await add(member, "Laptop", { password: PASSWORD, method: "backup-code", code: member.backupCodes[0]! });
    // The key added above confirms the next one.
    await add(member, "Security key", await passkeyAnswer(member, laptop));
    expect(await names(member)).toEqual(["Laptop", "Security key"]);
  });

  it("refuses a registration whose challenge was issued to another session, and one never issued", async () => {
    const now = tick();
    const begun = await beginPasskeyRegistration({ db: test.db, keyring, rp, user: member, stepUp: withCode(member, now), ip, now });
    if (!begun.ok) throw new Error(begun.error);
    const key = new SoftwareAuthenticator(rp);
    const response = key.register(begun.options);
    const otherSession = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip, userAgent: null, now: tick() });
    const elsewhere = await addPasskey({
      db: test.db,
      rp,
      user: { id: member.id, sessionId: otherSession.id },
      response,
      name: "Stolen",
      ip,
      now: tick(),
    });
    expect(elsewhere).toEqual({ ok: false, reason: "challenge" });
    // A made-up challenge (no step-up ever happened for it).
    const madeUp = key.register({ challenge: "bm90LWlzc3VlZA", user: { id: Buffer.from(member.id).toString("base64url") } });
    expect(await addPasskey({ db: test.db, rp, user: member, response: madeUp, name: "Made up", ip, now: tick() })).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await names(member)).toEqual([]);
    expect(await events(member, "passkey.added")).toEqual([]);
  });
});

describe("renaming a passkey", () => {
  it("renames the caller's own passkey with the session alone, audited and emailed", async () => {
    const { id } = await add(member, "Laptop");
    expect(await renamePasskey({ db: test.db, user: member, id, name: "Work laptop", ip, now: tick() })).toEqual({ ok: true });
    expect(await names(member)).toEqual(["Work laptop"]);
    const [event] = await events(member, "passkey.renamed");
    expect(JSON.parse(event!.detail!)).toEqual({ from: "Laptop", to: "Work laptop" });
    expect(await emails(member, "passkey-renamed")).toHaveLength(1);
  });

  it("answers for another user's passkey (same organisation or another) as for an unknown id", async () => {
    const { id } = await add(member, "Laptop");
    const other = await enrolledMember();
    const colleague = await test.db.user.create({
      data: { organisationId: member.organisationId, email: `colleague-${crypto.randomUUID()}@pk.test`, name: "C", role: "MEMBER", passwordHash },
      select: { id: true },
    });
    const colleagueSession = await createSession({
      db: test.db,
      user: { id: colleague.id, organisationId: member.organisationId },
      stage: "COMPLETE",
      ip,
      userAgent: null,
      now: tick(),
    });
    for (const user of [other, { id: colleague.id, sessionId: colleagueSession.id }]) {
      expect(await renamePasskey({ db: test.db, user, id, name: "Mine now", ip, now: tick() })).toEqual({ ok: false, reason: "not-found" });
    }
    expect(await renamePasskey({ db: test.db, user: member, id: "no-such-passkey", name: "x", ip, now: tick() })).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(await names(member)).toEqual(["Laptop"]);
    expect(await events(member, "passkey.renamed")).toEqual([]);
  });
});

describe("removing a passkey", () => {
  const remove = (user: Member, id: string, stepUp: StepUp) => removePasskey({ db: test.db, keyring, rp, user, id, stepUp, ip, now: tick() });

  it("needs the password and a second factor; the passkey itself will do; audited and emailed", async () => {
    const { id, key } = await add(member, "Laptop");
    expect(await remove(member, id, { ...(await passkeyAnswer(member, key)), password: "wrong" })).toMatchObject({
      ok: false,
      error: "WRONG_PASSWORD",
    });
    const forged = await passkeyAnswer(member, new SoftwareAuthenticator(rp));
    expect(await remove(member, id, forged)).toMatchObject({ ok: false, error: "INVALID_CODE" });
    expect(await names(member)).toEqual(["Laptop"]);

    expect(await remove(member, id, await passkeyAnswer(member, key))).toEqual({ ok: true, name: "Laptop" });
    expect(await names(member)).toEqual([]);
    expect(await events(member, "passkey.removed")).toEqual([{ actorId: member.id, ip, detail: expect.stringContaining("Laptop") }]);
    expect(await emails(member, "passkey-removed")).toEqual([{ data: expect.stringContaining("Laptop") }]);
  });

  it("signs out the user's other sessions and forgets their trusted browsers, keeping this session", async () => {
    const { id, key } = await add(member, "Stolen phone");
    const thief = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "203.0.113.9", userAgent: null, now: tick() });
    const now = tick();
    await test.db.trustedDevice.create({
      data: {
        organisationId: member.organisationId,
        userId: member.id,
        tokenHash: crypto.randomUUID(),
        ip: "203.0.113.9",
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(clock + 86_400_000),
      },
    });
    expect(await remove(member, id, await passkeyAnswer(member, key))).toEqual({ ok: true, name: "Stolen phone" });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: thief.id }, select: { revokedReason: true } })).toEqual({
      revokedReason: "passkey-removed",
    });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: member.sessionId }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
    expect(await test.db.trustedDevice.count({ where: { userId: member.id } })).toBe(0);
  });

  it("keeps the only passkey of a user without an authenticator app, and removes one of two", async () => {
    const { id: first } = await add(member, "Laptop");
    const passkeyOnly = await enrolledMember({ app: false });
    // Their first passkey is added with a backup code (no app to give a code).
    const { id: only, key } = await add(passkeyOnly, "Phone", { password: PASSWORD, method: "backup-code", code: passkeyOnly.backupCodes[0]! });
    expect(await remove(passkeyOnly, only, await passkeyAnswer(passkeyOnly, key))).toEqual({ ok: false, reason: "last-factor" });
    expect(await names(passkeyOnly)).toEqual(["Phone"]);
    expect(await failures(passkeyOnly)).toBe(0);

    const { key: second } = await add(passkeyOnly, "Security key", await passkeyAnswer(passkeyOnly, key));
    expect(await remove(passkeyOnly, only, await passkeyAnswer(passkeyOnly, second))).toEqual({ ok: true, name: "Phone" });
    expect(await names(passkeyOnly)).toEqual(["Security key"]);

    // A user with an app may remove their only passkey.
    const now = tick();
    expect(await removePasskey({ db: test.db, keyring, rp, user: member, id: first, stepUp: withCode(member, now), ip, now })).toMatchObject({
      ok: true,
    });
  });

  it("answers for another user's passkey as for an unknown id, and removes nothing", async () => {
    const { id } = await add(member, "Laptop");
    const other = await enrolledMember();
    const now = tick();
    expect(await removePasskey({ db: test.db, keyring, rp, user: other, id, stepUp: withCode(other, now), ip, now })).toEqual({
      ok: false,
      reason: "not-found",
    });
    expect(await names(member)).toEqual(["Laptop"]);
  });
});

describe("the other step-ups of Settings, for a user with passkeys only", () => {
  it("regenerates backup codes, adds an authenticator app and changes the password with the passkey", async () => {
    const passkeyOnly = await enrolledMember({ app: false });
    const { key } = await add(passkeyOnly, "Phone", { password: PASSWORD, method: "backup-code", code: passkeyOnly.backupCodes[0]! });
    const stepUp = async () => ({ ...(await passkeyAnswer(passkeyOnly, key)), sessionId: passkeyOnly.sessionId, rp });

    const regenerated = await regenerateBackupCodes({ db: test.db, keyring, user: passkeyOnly, ...(await stepUp()), ip, now: tick() });
    expect(regenerated).toMatchObject({ ok: true, codes: expect.arrayContaining([expect.any(String)]) });

    const appAdded = await beginAuthenticatorChange({ db: test.db, keyring, user: passkeyOnly, ...(await stepUp()), ip, now: tick() });
    expect(appAdded).toMatchObject({ ok: true });

    const answer = await passkeyAnswer(passkeyOnly, key);
    const changed = await changePassword({
      db: test.db,
      keyring,
      user: passkeyOnly,
      currentPassword: PASSWORD,
      newPassword: "a-brand-new-passphrase",
      code: { method: "passkey", value: answer.code },
      rp,
      ip,
      now: tick(),
    });
    expect(changed).toMatchObject({ ok: true });
  });

  it("refuses a passkey answer issued to another session", async () => {
    const { key } = await add(member, "Laptop");
    const answer = await passkeyAnswer(member, key);
    const otherSession = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip, userAgent: null, now: tick() });
    const result = await regenerateBackupCodes({ db: test.db, keyring, user: member, ...answer, sessionId: otherSession.id, rp, ip, now: tick() });
    expect(result).toEqual({ ok: false, error: "INVALID_CODE" });
  });
});
