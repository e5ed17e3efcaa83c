import "server-only";
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { AuthenticationResponse } from "@/lib/validations/passkey";
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge, type ChallengeBinding } from "./challenges";
import { challengeBytes, challengeOf } from "./ceremony-data";
import { transportsOf } from "./registration";
import type { RelyingParty } from "./relying-party";

// Using a passkey (issue 15): as the login's second factor, as a step-up, or alone to sign in
// (a discoverable credential, with user verification: possession plus PIN or biometric).

/**
 * The options for navigator.credentials.get(), with a new challenge for `binding`. With a
 * user (second factor, step-up) only their credentials are allowed; a sign-in allows any
 * discoverable one and requires user verification.
 */
export async function passkeyAuthenticationOptions(options: {
  db: DbOrTransaction;
  rp: RelyingParty;
  binding: ChallengeBinding;
  now: Date;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { db, rp, binding } = options;
  const allowed =
    binding.purpose === "sign-in"
      ? []
      : await db.webAuthnCredential.findMany({ where: { userId: binding.userId }, select: { credentialId: true, transports: true } });
  const challenge = await issueChallenge(db, binding, options.now);
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    allowCredentials: allowed.map((credential) => ({ id: credential.credentialId, transports: transportsOf(credential.transports) })),
    userVerification: binding.purpose === "sign-in" ? "required" : "preferred",
  });
}

/** The passkey a response was signed with, once verified. */
export interface UsedPasskey {
  id: string;
  userId: string;
  organisationId: string;
  name: string;
}

export type AssertionRefusal =
  /** Not a live challenge issued for this binding (expired, used, another session's or browser's, made up). */
  | "challenge"
  /** No passkey with this credential id is registered (or it was removed). */
  | "unknown-credential"
  /** The passkey is registered, but to someone other than the user of this login. */
  | "wrong-user"
  /** The signature counter did not move forward: a cloned authenticator. */
  | "cloned"
  /** A sign-in with a passkey alone, but the authenticator did not verify the user (PIN, biometric). */
  | "user-not-verified"
  /** A bad signature, the wrong origin or RP ID, or a malformed response. */
  | "invalid"
  /** Right, but what it was for (the login's step) closed meanwhile: nothing was used. */
  | "step-closed";

export type AssertionResult =
  { ok: true; passkey: UsedPasskey; userVerified: boolean } | { ok: false; reason: AssertionRefusal; passkey?: UsedPasskey };

const STEP_CLOSED = Symbol("step closed");

/**
 * Verifies an assertion for `binding`. The challenge is spent first (used once, whatever
 * follows). Then: the credential exists and belongs to the binding's user, the signature is
 * right for APP_URL's origin and RP ID, and only then what the signed data says: (for a
 * sign-in) the user handle names the key's owner and the user was verified, the counter moved
 * forward. The counter's update and `whenAccepted` (what the passkey was for)
 * happen in one transaction: both or neither.
 */
export async function verifyPasskeyAssertion(options: {
  db: Db;
  rp: RelyingParty;
  response: AuthenticationResponse;
  binding: ChallengeBinding;
  now: Date;
  whenAccepted?: (tx: DbOrTransaction, passkey: UsedPasskey) => Promise<boolean>;
}): Promise<AssertionResult> {
  const { db, rp, response, binding, now } = options;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge || !(await consumeChallenge(db, { binding, challenge, now }))) return { ok: false, reason: "challenge" };

  const stored = await db.webAuthnCredential.findUnique({
    where: { credentialId: response.id },
    select: { id: true, userId: true, organisationId: true, name: true, credentialId: true, publicKey: true, counter: true, transports: true },
  });
  if (!stored || response.rawId !== response.id) return { ok: false, reason: "unknown-credential" };
  const passkey: UsedPasskey = { id: stored.id, userId: stored.userId, organisationId: stored.organisationId, name: stored.name };
  // For someone else's login: refused before anything of the answer is read.
  if (binding.purpose !== "sign-in" && binding.userId !== stored.userId) return { ok: false, reason: "wrong-user", passkey };

  // The signature first: nothing an unsigned answer claims (its user handle, its flags, its
  // counter) is acted on, or audited against the key's owner, unless the key's holder signed it.
  const counter = Number(stored.counter);
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter and user verification are judged below, once the signature is known to be good.
      credential: {
        id: stored.credentialId,
        publicKey: isoBase64URL.toBuffer(stored.publicKey),
        counter: 0,
        transports: transportsOf(stored.transports),
      },
      requireUserVerification: false,
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!verified.verified) return { ok: false, reason: "invalid" };
  const { newCounter, credentialBackedUp, userVerified } = verified.authenticationInfo;
  if (binding.purpose === "sign-in" && userOfHandle(response.response.userHandle) !== stored.userId)
    return { ok: false, reason: "wrong-user", passkey };
  if (binding.purpose === "sign-in" && !userVerified) return { ok: false, reason: "user-not-verified", passkey };
  // Authenticators that keep no counter send 0 every time; one that keeps it must go up.
  if ((counter > 0 || newCounter > 0) && newCounter <= counter) return { ok: false, reason: "cloned", passkey };

  try {
    const outcome = await db.$transaction(async (tx) => {
      // Compare-and-set: of two uses racing with the same counter, one moves it.
      const { count } = await tx.webAuthnCredential.updateMany({
        where: { id: stored.id, counter: stored.counter },
        data: { counter: BigInt(newCounter), backedUp: credentialBackedUp, lastUsedAt: now },
      });
      if (count !== 1) return "cloned" as const;
      if (options.whenAccepted && !(await options.whenAccepted(tx, passkey))) throw STEP_CLOSED;
      return "accepted" as const;
    });
    if (outcome === "cloned") return { ok: false, reason: "cloned", passkey };
  } catch (error) {
    if (error === STEP_CLOSED) return { ok: false, reason: "step-closed", passkey };
    throw error;
  }
  return { ok: true, passkey, userVerified };
}

/** The user id a discoverable credential's user handle carries (we register the user's id as its bytes). */
function userOfHandle(userHandle: string | undefined): string | null {
  if (!userHandle) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(isoBase64URL.toBuffer(userHandle));
  } catch {
    return null;
  }
}
