// The WebAuthn ceremony rules (issue 15), with a software authenticator on the real test
// database: a challenge is bound to what it was issued for, lives 5 minutes and is used once;
// the response must come from APP_URL's origin for its RP ID; a counter that goes back (a
// cloned authenticator) and a credential of another user are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import type { RegistrationResponse } from "@/lib/validations/passkey";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration } from "./registration";
import { passkeyAuthenticationOptions, verifyPasskeyAssertion } from "./authentication";
import { relyingParty } from "./relying-party";
import { CHALLENGE_TTL_MS, sweepChallenges, type ChallengeBinding } from "./challenges";
import { listPasskeys } from "./passkeys";

let test: TestDatabase;
const rp = relyingParty({ APP_URL: "http://localhost:3000" });
let clock = new Date("2031-03-01T09:00:00Z").getTime();
const tick = (ms = 1000) => new Date((clock += ms));
type Owner = { id: string; email: string; name: string; organisationId: string };
let alice: Owner;
let bob: Owner;
let sequence = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  const made = await createOrganisationWithUsers(test.db, "webauthn");
  alice = made.admin;
  bob = made.member;
});
afterAll(() => test.dispose());

const sessionOf = () => `session-${++sequence}`;

/** Registers a software authenticator for `user` (in session `sessionId`) and stores it. */
async function registered(user: Owner, authenticator = new SoftwareAuthenticator(rp)) {
  const sessionId = sessionOf();
  const options = await passkeyRegistrationOptions({ db: test.db, rp, user, sessionId, now: tick() });
  const result = await verifyPasskeyRegistration({
    db: test.db,
    rp,
    response: authenticator.register(options),
    sessionId,
    userId: user.id,
    now: tick(),
  });
  if (!result.ok) throw new Error(`registration refused: ${result.reason}`);
  await storePasskey(test.db, { user, passkey: result.passkey, name: `Key ${sequence}`, now: tick() });
  return authenticator;
}

async function optionsFor(binding: ChallengeBinding) {
  return passkeyAuthenticationOptions({ db: test.db, rp, binding, now: tick() });
}

describe("registration", () => {
  it("derives the relying party from APP_URL", () => {
    expect(relyingParty({ APP_URL: "https://twofold.example.com/" })).toEqual({
      id: "twofold.example.com",
      name: "Twofold",
      origin: "https://twofold.example.com",
    });
    expect(relyingParty({ PORT: "3310" })).toEqual({ id: "localhost", name: "Twofold", origin: "http://localhost:3310" });
  });

  it("asks for no attestation, preferring user verification and a resident key, and excludes the user's keys", async () => {
    const first = await registered(alice);
    const options = await passkeyRegistrationOptions({ db: test.db, rp, user: alice, sessionId: sessionOf(), now: tick() });
    expect(options).toMatchObject({
      rp: { id: "localhost", name: "Twofold" },
      attestation: "none",
      authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
      user: { name: alice.email },
    });
    expect(options.excludeCredentials?.map((credential) => credential.id)).toContain(first.id);
    expect(Buffer.from(options.challenge, "base64url")).toHaveLength(32);
  });

  it("stores the key, its counter, transports and backup flags, never refusing a synced passkey", async () => {
    const sessionId = sessionOf();
    const synced = new SoftwareAuthenticator(rp, { synced: true, counter: 7 });
    const options = await passkeyRegistrationOptions({ db: test.db, rp, user: bob, sessionId, now: tick() });
    const result = await verifyPasskeyRegistration({ db: test.db, rp, response: synced.register(options), sessionId, userId: bob.id, now: tick() });
    expect(result).toMatchObject({
      ok: true,
      passkey: { credentialId: synced.id, counter: 7, transports: "internal", backupEligible: true, backedUp: true },
    });
    if (!result.ok) return;
    await storePasskey(test.db, { user: bob, passkey: result.passkey, name: "Phone", now: tick() });
    expect((await listPasskeys(test.db, bob.id)).map((passkey) => passkey.name)).toContain("Phone");
  });

  async function refusedRegistration(
    lie: (
      options: { challenge: string; user: { id: string } },
      sessionId: string,
    ) => {
      response: RegistrationResponse;
      sessionId?: string;
      userId?: string;
      at?: Date;
    },
  ) {
    const sessionId = sessionOf();
    const options = await passkeyRegistrationOptions({ db: test.db, rp, user: alice, sessionId, now: tick() });
    const made = lie(options, sessionId);
    return verifyPasskeyRegistration({
      db: test.db,
      rp,
      response: made.response,
      sessionId: made.sessionId ?? sessionId,
      userId: made.userId ?? alice.id,
      now: made.at ?? tick(),
    });
  }

  it("refuses another origin, another RP ID, a made-up challenge, another session's or user's challenge, and an expired one", async () => {
    const key = () => new SoftwareAuthenticator(rp);
    expect(await refusedRegistration((options) => ({ response: key().register(options, { origin: "http://localhost.evil.test:3000" }) }))).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await refusedRegistration((options) => ({ response: key().register(options, { rpId: "evil.test" }) }))).toEqual({
      ok: false,
      reason: "invalid",
    });
    const madeUp = Buffer.alloc(32, 1).toString("base64url");
    expect(await refusedRegistration((options) => ({ response: key().register(options, { challenge: madeUp }) }))).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await refusedRegistration((options) => ({ response: key().register(options), sessionId: "another-session" }))).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await refusedRegistration((options) => ({ response: key().register(options), userId: bob.id }))).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await refusedRegistration((options) => ({ response: key().register(options), at: new Date(clock + CHALLENGE_TTL_MS + 1000) }))).toEqual({
      ok: false,
      reason: "challenge",
    });
  });

  it("keeps the wizard's enrolment challenges and Settings' registration challenges apart", async () => {
    for (const [issued, offered] of [
      ["enrolment", "registration"],
      ["registration", "enrolment"],
    ] as const) {
      const sessionId = sessionOf();
      const options = await passkeyRegistrationOptions({ db: test.db, rp, user: alice, sessionId, now: tick(), purpose: issued });
      const response = new SoftwareAuthenticator(rp).register(options);
      expect(await verifyPasskeyRegistration({ db: test.db, rp, response, sessionId, userId: alice.id, now: tick(), purpose: offered })).toEqual({
        ok: false,
        reason: "challenge",
      });
    }
  });

  it("uses a challenge once: the same response again is refused", async () => {
    const sessionId = sessionOf();
    const options = await passkeyRegistrationOptions({ db: test.db, rp, user: alice, sessionId, now: tick() });
    const response = new SoftwareAuthenticator(rp).register(options);
    const verify = () => verifyPasskeyRegistration({ db: test.db, rp, response, sessionId, userId: alice.id, now: tick() });
    expect((await verify()).ok).toBe(true);
    expect(await verify()).toEqual({ ok: false, reason: "challenge" });
  });

  it("refuses a credential already registered, to this user or another", async () => {
    const authenticator = await registered(alice);
    const sessionId = sessionOf();
    const options = await passkeyRegistrationOptions({ db: test.db, rp, user: bob, sessionId, now: tick() });
    expect(
      await verifyPasskeyRegistration({ db: test.db, rp, response: authenticator.register(options), sessionId, userId: bob.id, now: tick() }),
    ).toEqual({
      ok: false,
      reason: "credential-taken",
    });
  });
});

describe("assertion", () => {
  const secondFactor = (user: Owner, sessionId = sessionOf()): ChallengeBinding => ({ purpose: "second-factor", sessionId, userId: user.id });

  it("verifies the user's passkey for their session's challenge, moving the counter and noting its use", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    const options = await optionsFor(binding);
    expect(options.allowCredentials?.map((credential) => credential.id)).toContain(authenticator.id);
    expect(options.userVerification).toBe("preferred");
    const result = await verifyPasskeyAssertion({ db: test.db, rp, response: authenticator.assert(options), binding, now: tick() });
    expect(result).toMatchObject({ ok: true, passkey: { userId: alice.id }, userVerified: true });
    const stored = await test.db.webAuthnCredential.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
    expect(stored.counter).toBe(1n);
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it("uses a challenge once: a replayed response is refused", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    const response = authenticator.assert(await optionsFor(binding));
    expect((await verifyPasskeyAssertion({ db: test.db, rp, response, binding, now: tick() })).ok).toBe(true);
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response, binding, now: tick() })).toEqual({ ok: false, reason: "challenge" });
  });

  it("of 10 parallel uses of one response, exactly one is accepted", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    const response = authenticator.assert(await optionsFor(binding));
    const now = tick();
    const results = await Promise.all(Array.from({ length: 10 }, () => verifyPasskeyAssertion({ db: test.db, rp, response, binding, now })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("refuses a forged challenge, another session's challenge, and an expired one", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    const options = await optionsFor(binding);
    const forged = authenticator.assert(options, { challenge: Buffer.alloc(32, 7).toString("base64url") });
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: forged, binding, now: tick() })).toEqual({ ok: false, reason: "challenge" });
    const other = secondFactor(alice);
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: authenticator.assert(options), binding: other, now: tick() })).toEqual({
      ok: false,
      reason: "challenge",
    });
    const late = await optionsFor(binding);
    const at = new Date(clock + CHALLENGE_TTL_MS + 1);
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: authenticator.assert(late), binding, now: at })).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await sweepChallenges(test.db, at)).toBeGreaterThan(0);
  });

  it("refuses another origin or RP ID, and a bad signature", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    for (const lie of [{ origin: "https://login-twofold.example" }, { rpId: "example.com" }]) {
      const response = authenticator.assert(await optionsFor(binding), lie);
      expect(await verifyPasskeyAssertion({ db: test.db, rp, response, binding, now: tick() })).toMatchObject({ ok: false, reason: "invalid" });
    }
    const response = authenticator.assert(await optionsFor(binding));
    const signature = Buffer.from(response.response.signature, "base64url");
    signature[signature.length - 1]! ^= 1;
    const tampered = { ...response, response: { ...response.response, signature: signature.toString("base64url") } };
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: tampered, binding, now: tick() })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses a passkey of another user for this user's login, and an unknown one", async () => {
    const bobs = await registered(bob);
    const binding = secondFactor(alice);
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: bobs.assert(await optionsFor(binding)), binding, now: tick() })).toMatchObject({
      ok: false,
      reason: "wrong-user",
    });
    const stranger = new SoftwareAuthenticator(rp);
    stranger.register({ challenge: "x", user: { id: Buffer.from(alice.id).toString("base64url") } });
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: stranger.assert(await optionsFor(binding)), binding, now: tick() })).toEqual({
      ok: false,
      reason: "unknown-credential",
    });
  });

  it("refuses a counter that goes backwards or stays put: a cloned authenticator", async () => {
    const original = await registered(alice);
    const clone = original.clone();
    const binding = secondFactor(alice);
    expect((await verifyPasskeyAssertion({ db: test.db, rp, response: original.assert(await optionsFor(binding)), binding, now: tick() })).ok).toBe(
      true,
    );
    expect((await verifyPasskeyAssertion({ db: test.db, rp, response: original.assert(await optionsFor(binding)), binding, now: tick() })).ok).toBe(
      true,
    );
    // The clone still counts from where it was copied: 1, behind the stored 2.
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: clone.assert(await optionsFor(binding)), binding, now: tick() })).toMatchObject({
      ok: false,
      reason: "cloned",
    });
    const same = original.assert(await optionsFor(binding), { counter: 2 });
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: same, binding, now: tick() })).toMatchObject({ ok: false, reason: "cloned" });
  });

  it("believes nothing an unsigned answer claims: a made-up one with a known credential id is only invalid", async () => {
    const original = await registered(alice);
    const binding = secondFactor(alice);
    expect((await verifyPasskeyAssertion({ db: test.db, rp, response: original.assert(await optionsFor(binding)), binding, now: tick() })).ok).toBe(
      true,
    );
    const unsigned = (response: ReturnType<SoftwareAuthenticator["assert"]>) => ({
      ...response,
      response: { ...response.response, signature: Buffer.alloc(72, 1).toString("base64url") },
    });
    // A counter that went back, without the key's signature: not a clone, just a bad answer (no key named).
    const behind = unsigned(original.assert(await optionsFor(binding), { counter: 0 }));
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: behind, binding, now: tick() })).toEqual({ ok: false, reason: "invalid" });
    const signIn: ChallengeBinding = { purpose: "sign-in", browserHash: `browser-${++sequence}` };
    const handle = Buffer.from(bob.id).toString("base64url");
    const claims = unsigned(original.assert(await optionsFor(signIn), { userHandle: handle, userVerified: false }));
    expect(await verifyPasskeyAssertion({ db: test.db, rp, response: claims, binding: signIn, now: tick() })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("accepts an authenticator that keeps no counter (always 0)", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    for (let i = 0; i < 2; i++) {
      const response = authenticator.assert(await optionsFor(binding), { counter: 0 });
      expect((await verifyPasskeyAssertion({ db: test.db, rp, response, binding, now: tick() })).ok).toBe(true);
    }
  });

  it("uses nothing when what the passkey was for closed meanwhile", async () => {
    const authenticator = await registered(alice);
    const binding = secondFactor(alice);
    const result = await verifyPasskeyAssertion({
      db: test.db,
      rp,
      response: authenticator.assert(await optionsFor(binding)),
      binding,
      now: tick(),
      whenAccepted: async () => false,
    });
    expect(result).toMatchObject({ ok: false, reason: "step-closed" });
    expect((await test.db.webAuthnCredential.findUniqueOrThrow({ where: { credentialId: authenticator.id } })).counter).toBe(0n);
  });

  describe("a sign-in with the passkey alone", () => {
    const signIn = (): ChallengeBinding => ({ purpose: "sign-in", browserHash: `browser-${++sequence}` });

    it("allows any discoverable credential, requires user verification, and finds the user by the key", async () => {
      const authenticator = await registered(bob);
      const binding = signIn();
      const options = await optionsFor(binding);
      expect(options.allowCredentials ?? []).toEqual([]);
      expect(options.userVerification).toBe("required");
      expect(await verifyPasskeyAssertion({ db: test.db, rp, response: authenticator.assert(options), binding, now: tick() })).toMatchObject({
        ok: true,
        passkey: { userId: bob.id },
      });
    });

    it("refuses one without user verification, one whose user handle names someone else, and another browser's challenge", async () => {
      const authenticator = await registered(bob);
      const binding = signIn();
      expect(
        await verifyPasskeyAssertion({
          db: test.db,
          rp,
          response: authenticator.assert(await optionsFor(binding), { userVerified: false }),
          binding,
          now: tick(),
        }),
      ).toMatchObject({ ok: false, reason: "user-not-verified" });
      const handle = Buffer.from(alice.id).toString("base64url");
      expect(
        await verifyPasskeyAssertion({
          db: test.db,
          rp,
          response: authenticator.assert(await optionsFor(binding), { userHandle: handle }),
          binding,
          now: tick(),
        }),
      ).toMatchObject({ ok: false, reason: "wrong-user" });
      const options = await optionsFor(binding);
      expect(await verifyPasskeyAssertion({ db: test.db, rp, response: authenticator.assert(options), binding: signIn(), now: tick() })).toEqual({
        ok: false,
        reason: "challenge",
      });
    });
  });
});
