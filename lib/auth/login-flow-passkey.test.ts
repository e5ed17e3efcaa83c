import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration } from "@/lib/webauthn/registration";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { twoFactorIpKey } from "@/lib/two-factor/throttle";
import { newPasskeySignInBrowser } from "./passkey-sign-in-browser";
import {
  passkeyLoginOptions,
  SIGN_IN_CHALLENGES_PER_IP,
  submitPasskeySignIn,
  submitSecondFactor,
  type LoginContext,
  type TokenClaims,
} from "./login-flow";
import { createSession } from "./sessions";

// Passkeys at login (issue 15), on a real database: as the challenge's second factor (bound to
// the pending login, counted like a wrong code) and alone on the login page (both factors, with
// user verification; the Access List and the per-IP limit apply; the account's counter does not).
let test: TestDatabase;
let organisationId: string;
let listedOrganisationId: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
const OFFICE = "192.0.2.10";
let clock = new Date("2031-05-01T09:00:00Z").getTime();
const tick = () => new Date((clock += 1000));
let ipCount = 0;
/** Each login from an address of its own, so the per-IP limit stays out of the way unless a test wants it. */
const nextIp = () => `198.51.100.${++ipCount}`;
const context = (ip = nextIp()): LoginContext => ({ db: test.db, keyring, ip, userAgent: "test", now: tick(), rp });

beforeAll(async () => {
  test = await createTestDatabase();
  organisationId = (await test.db.organisation.create({ data: { slug: "keys", name: "Keys Inc", loginMethod: "TWO_FACTOR" } })).id;
  listedOrganisationId = (
    await test.db.organisation.create({
      data: { slug: "listed", name: "Listed Inc", loginMethod: "TWO_FACTOR", accessListEnabled: true, accessListVersion: 1 },
    })
  ).id;
  await test.db.accessListEntry.create({ data: { organisationId: listedOrganisationId, cidr: `${OFFICE}/32`, description: "Office" } });
});
afterAll(() => test.dispose());

/** A user whose 2FA is Active with one passkey (no authenticator app). */
async function withPasskey(
  local: string,
  data: { organisationId?: string; accountStatus?: "ACTIVE" | "INVITED"; twoFactorStatus?: "ACTIVE" | "REQUIRED" } = {},
) {
  const user = await test.db.user.create({
    data: {
      organisationId: data.organisationId ?? organisationId,
      email: `${local}@keys.test`,
      name: local,
      passwordHash: "x",
      accountStatus: data.accountStatus ?? "ACTIVE",
      twoFactorStatus: data.twoFactorStatus ?? "ACTIVE",
    },
  });
  const key = new SoftwareAuthenticator(rp);
  const options = await passkeyRegistrationOptions({ db: test.db, rp, user, sessionId: `enrol-${local}`, now: tick() });
  const registered = await verifyPasskeyRegistration({
    db: test.db,
    rp,
    response: key.register(options),
    sessionId: `enrol-${local}`,
    userId: user.id,
    now: tick(),
  });
  if (!registered.ok) throw new Error(registered.reason);
  await storePasskey(test.db, { user, passkey: registered.passkey, name: "Laptop", now: tick() });
  return { user, key };
}

/** The same user waiting at the challenge after their password. */
async function atChallenge(userId: string): Promise<TokenClaims> {
  const user = await test.db.user.findUniqueOrThrow({ where: { id: userId } });
  const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "203.0.113.4", userAgent: null, now: tick() });
  return { uid: user.id, sid: session.id, gen: session.generation };
}

const accountOf = (id: string) =>
  test.db.user.findUniqueOrThrow({ where: { id }, select: { twoFactorFailures: true, lastLoginAt: true, twoFactorLockedUntil: true } });
const audits = (userId: string, type: string) => test.db.auditEvent.findMany({ where: { targetId: userId, type }, select: { detail: true } });

async function secondFactorOptions(claims: TokenClaims) {
  const result = await passkeyLoginOptions(context(), { session: claims, browserHash: "unused" });
  if (!result.ok || result.purpose !== "second-factor") throw new Error(`expected second-factor options: ${JSON.stringify(result)}`);
  return result.options;
}

const submitPasskey = (claims: TokenClaims, response: unknown, extra: { trustBrowser?: boolean; ip?: string } = {}) =>
  submitSecondFactor(context(extra.ip), { session: claims, method: "passkey", code: JSON.stringify(response), trustBrowser: extra.trustBrowser });

describe("a passkey at the challenge", () => {
  it("offers only this user's passkeys, passes, and completes the session (audited, counters cleared)", async () => {
    const { user, key } = await withPasskey("second");
    const other = await withPasskey("second-other");
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 3 } });
    const claims = await atChallenge(user.id);
    const options = await secondFactorOptions(claims);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([key.id]);
    expect(options.allowCredentials?.map((credential) => credential.id)).not.toContain(other.key.id);

    const outcome = await submitPasskey(claims, key.assert(options));
    expect(outcome).toMatchObject({ state: "complete", claims: { ...claims, gen: claims.gen + 1 } });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).toMatchObject({ stage: "COMPLETE", secondFactor: "passkey" });
    expect((await accountOf(user.id)).twoFactorFailures).toBe(0);
    expect((await audits(user.id, "login.succeeded")).map((event) => event.detail)).toEqual([expect.stringContaining('"passkey"')]);
  });

  it("trusts the browser when asked", async () => {
    const { user, key } = await withPasskey("trusting");
    await test.db.organisation.update({ where: { id: organisationId }, data: { trustedBrowserDays: 7 } });
    const claims = await atChallenge(user.id);
    const outcome = await submitPasskey(claims, key.assert(await secondFactorOptions(claims)), { trustBrowser: true });
    expect(outcome).toMatchObject({ state: "complete", trustedBrowser: { days: 7 } });
    expect(await test.db.trustedDevice.count({ where: { userId: user.id } })).toBe(1);
    await test.db.organisation.update({ where: { id: organisationId }, data: { trustedBrowserDays: 0 } });
  });

  it("refuses and counts an answer to a challenge this login was not given (made up, stale, another session's)", async () => {
    const { user, key } = await withPasskey("forged");
    const claims = await atChallenge(user.id);
    const options = await secondFactorOptions(claims);
    // A challenge the server never issued.
    const madeUp = key.assert({ ...options, challenge: crypto.randomBytes(32).toString("base64url") });
    expect(await submitPasskey(claims, madeUp)).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    // The challenge of another pending login of the same user.
    const otherClaims = await atChallenge(user.id);
    const otherOptions = await secondFactorOptions(otherClaims);
    expect(await submitPasskey(claims, key.assert(otherOptions))).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    // A stale one: replaced by a newer challenge of this login.
    const stale = await secondFactorOptions(claims);
    await secondFactorOptions(claims);
    expect(await submitPasskey(claims, key.assert(stale))).toMatchObject({ state: "refused", error: "INVALID_CODE" });

    expect((await accountOf(user.id)).twoFactorFailures).toBe(3);
    expect(await audits(user.id, "two_factor.failed")).toHaveLength(3);
    expect(await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).toMatchObject({ stage: "SECOND_FACTOR" });
  });

  it("is refused while the 2FA step is locked, even with a right answer", async () => {
    const { user, key } = await withPasskey("locked");
    const claims = await atChallenge(user.id);
    const options = await secondFactorOptions(claims);
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 5, twoFactorLockedUntil: new Date(clock + 3_600_000) } });
    expect(await submitPasskey(claims, key.assert(options))).toMatchObject({ state: "refused", error: "TWO_FACTOR_LOCKED" });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).toMatchObject({ stage: "SECOND_FACTOR" });
  });
});

/** Sign-in options for a browser: its hash, and the options bound to it. */
async function signInOptions(ip = nextIp()) {
  const browser = newPasskeySignInBrowser();
  const result = await passkeyLoginOptions(context(ip), { session: null, browserHash: browser.browserHash });
  if (!result.ok || result.purpose !== "sign-in") throw new Error(`expected sign-in options: ${JSON.stringify(result)}`);
  return { browserHash: browser.browserHash, options: result.options };
}

async function signIn(key: SoftwareAuthenticator, options: { ip?: string; lies?: Parameters<SoftwareAuthenticator["assert"]>[1] } = {}) {
  const { browserHash, options: challenge } = await signInOptions();
  return submitPasskeySignIn(context(options.ip), { response: key.assert(challenge, options.lies), browserHash });
}

describe("signing in with a passkey alone", () => {
  it("works with user verification: a complete session, both factors, audited", async () => {
    const { user, key } = await withPasskey("alone");
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 2 } });
    const { browserHash, options } = await signInOptions();
    // Any discoverable passkey may answer, with PIN or biometric.
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    const outcome = await submitPasskeySignIn(context(), { response: key.assert(options), browserHash });
    expect(outcome).toMatchObject({ state: "complete", claims: { uid: user.id } });
    const sid = outcome.state === "complete" ? outcome.claims.sid : "";
    expect(await test.db.session.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ stage: "COMPLETE", secondFactor: "passkey" });
    expect(await accountOf(user.id)).toMatchObject({ twoFactorFailures: 0, lastLoginAt: expect.any(Date) });
    expect((await audits(user.id, "login.succeeded")).map((event) => event.detail)).toEqual([expect.stringContaining('"passkey"')]);
  });

  it("is refused without user verification, or from another browser, with one error", async () => {
    const { user, key } = await withPasskey("no-uv");
    expect(await signIn(key, { lies: { userVerified: false } })).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    // The challenge of another browser.
    const { options } = await signInOptions();
    const mine = await signInOptions();
    expect(await submitPasskeySignIn(context(), { response: key.assert(options), browserHash: mine.browserHash })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    // No browser cookie at all.
    expect(await submitPasskeySignIn(context(), { response: key.assert(mine.options), browserHash: null })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    // An unknown passkey, and a known one naming another user: the same answer.
    expect(await signIn(new SoftwareAuthenticator(rp))).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    const other = await withPasskey("no-uv-other");
    expect(await signIn(key, { lies: { userHandle: Buffer.from(other.user.id).toString("base64url") } })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect(await test.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await audits(user.id, "login.failed")).map((event) => event.detail)).toEqual([
      expect.stringContaining("no PIN or biometric"),
      expect.stringContaining("not the user it names"),
    ]);
  });

  it("leaves the account's failure counter alone: only the address's limit counts", async () => {
    const { user, key } = await withPasskey("uncounted");
    const ip = nextIp();
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(await signIn(key, { ip, lies: { userVerified: false } })).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    }
    expect((await accountOf(user.id)).twoFactorFailures).toBe(0);
    // The address has used up its passkey sign-in limit: even a right answer waits.
    expect(await signIn(key, { ip })).toMatchObject({ state: "refused", error: "NETWORK_RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(await signIn(key)).toMatchObject({ state: "complete" });
    // ...but not the second-factor limit that the address's users need for their codes: answers
    // anyone can post without a password never use it up.
    const codes = await test.db.rateLimit.findUnique({ where: { key: twoFactorIpKey(ip) }, select: { count: true } });
    expect(codes?.count ?? 0).toBe(0);
  });

  it("is refused by the Access List outside the organisation's networks", async () => {
    const { user, key } = await withPasskey("listed", { organisationId: listedOrganisationId });
    expect(await signIn(key)).toMatchObject({ state: "refused", error: "ACCESS_DENIED" });
    expect(await test.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await signIn(key, { ip: OFFICE })).toMatchObject({ state: "complete" });
  });

  it("is refused to an invited user, a user whose 2FA is not Active, and a locked one", async () => {
    const invited = await withPasskey("invited", { accountStatus: "INVITED" });
    expect(await signIn(invited.key)).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    const required = await withPasskey("required", { twoFactorStatus: "REQUIRED" });
    expect(await signIn(required.key)).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    const locked = await withPasskey("locked-alone");
    await test.db.user.update({ where: { id: locked.user.id }, data: { twoFactorFailures: 10 } });
    expect(await signIn(locked.key)).toMatchObject({ state: "refused", error: "TWO_FACTOR_LOCKED_BY_ADMIN" });
    for (const { user } of [invited, required, locked]) {
      expect(await test.db.session.count({ where: { userId: user.id } })).toBe(0);
      expect(await audits(user.id, "login.failed")).toHaveLength(1);
    }
  });

  it("audits a cloned key and refuses it", async () => {
    const { user, key } = await withPasskey("cloned");
    const clone = key.clone();
    expect(await signIn(key)).toMatchObject({ state: "complete" });
    expect(await signIn(clone, { lies: { counter: 1 } })).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    expect(await audits(user.id, "passkey.clone_suspected")).toHaveLength(1);
  });

  it("limits how many sign-in challenges one address can create", async () => {
    const ip = nextIp();
    for (let count = 0; count < SIGN_IN_CHALLENGES_PER_IP; count++) await signInOptions(ip);
    const browser = newPasskeySignInBrowser();
    expect(await passkeyLoginOptions(context(ip), { session: null, browserHash: browser.browserHash })).toMatchObject({
      ok: false,
      error: "RATE_LIMITED",
    });
  });
});
