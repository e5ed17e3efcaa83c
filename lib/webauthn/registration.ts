import "server-only";
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import type { DbOrTransaction } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RegistrationResponse } from "@/lib/validations/passkey";
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge } from "./challenges";
import { challengeBytes, challengeOf } from "./ceremony-data";
import type { RelyingParty } from "./relying-party";

// Registering a passkey or security key (issue 15): attestation "none" (we trust no
// authenticator maker, we only keep the key), user verification and resident keys preferred.
// The challenge is bound to the session that asked; the response must come from APP_URL's
// origin for its RP ID.

export interface PasskeyOwner {
  id: string;
  email: string;
  name: string;
  organisationId: string;
}

/**
 * What a registration is for: adding a passkey in Settings (after a step-up) or the setup
 * wizard's enrolment. Each challenge is good for its own purpose only, so a wizard's leftover
 * challenge cannot add a passkey in Settings without the step-up, nor the other way round.
 */
export type RegistrationPurpose = "registration" | "enrolment";

/** The options for navigator.credentials.create(), with a new challenge bound to this session. */
export async function passkeyRegistrationOptions(options: {
  db: DbOrTransaction;
  rp: RelyingParty;
  user: PasskeyOwner;
  sessionId: string;
  now: Date;
  purpose?: RegistrationPurpose;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { db, rp, user } = options;
  const existing = await db.webAuthnCredential.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  const binding = { purpose: options.purpose ?? "registration", sessionId: options.sessionId, userId: user.id } as const;
  const challenge = await issueChallenge(db, binding, options.now);
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new TextEncoder().encode(user.id),
    userName: user.email,
    userDisplayName: user.name || user.email,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    // The same authenticator twice would be one factor counted as two.
    excludeCredentials: existing.map((credential) => ({ id: credential.credentialId, transports: transportsOf(credential.transports) })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
    // ES256 and RS256: what every platform authenticator and security key signs with.
    supportedAlgorithmIDs: [-7, -257],
  });
}

/** A verified new credential, ready to store (with the name the user gives it). */
export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string;
  backupEligible: boolean;
  backedUp: boolean;
}

export type RegistrationRefusal =
  /** Not a live challenge issued to this session for a registration (expired, used, another's, made up). */
  | "challenge"
  /** Wrong origin or RP ID, a bad attestation, or a malformed response. */
  | "invalid"
  /** This authenticator's credential is already registered (to this user or another). */
  | "credential-taken";

/**
 * Checks a registration response for the session's challenge (spent here, even if the rest
 * fails). Stores nothing: the caller stores the passkey in the transaction of what it is for.
 */
export async function verifyPasskeyRegistration(options: {
  db: DbOrTransaction;
  rp: RelyingParty;
  response: RegistrationResponse;
  sessionId: string;
  userId: string;
  now: Date;
  purpose?: RegistrationPurpose;
}): Promise<{ ok: true; passkey: NewPasskey } | { ok: false; reason: RegistrationRefusal }> {
  const { db, rp, response } = options;
  const challenge = challengeOf(response.response.clientDataJSON);
  const binding = { purpose: options.purpose ?? "registration", sessionId: options.sessionId, userId: options.userId } as const;
  if (!challenge || !(await consumeChallenge(db, { binding, challenge, now: options.now }))) return { ok: false, reason: "challenge" };
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: [-7, -257],
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!verified.verified) return { ok: false, reason: "invalid" };
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  const taken = await db.webAuthnCredential.findUnique({ where: { credentialId: credential.id }, select: { id: true } });
  if (taken) return { ok: false, reason: "credential-taken" };
  return {
    ok: true,
    passkey: {
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: (credential.transports ?? response.response.transports ?? []).join(","),
      backupEligible: credentialDeviceType === "multiDevice",
      backedUp: credentialBackedUp,
    },
  };
}

/**
 * Stores a verified passkey for `user` under `name`. Null when the same credential was stored
 * meanwhile (a parallel registration: the unique credential id decides); the caller must then
 * end its transaction (throw), since PostgreSQL aborts a transaction at a failed statement.
 */
export async function storePasskey(
  tx: DbOrTransaction,
  options: { user: Pick<PasskeyOwner, "id" | "organisationId">; passkey: NewPasskey; name: string; now: Date },
): Promise<{ id: string } | null> {
  const { user, passkey } = options;
  try {
    return await tx.webAuthnCredential.create({
      data: {
        ...passkey,
        counter: BigInt(passkey.counter),
        userId: user.id,
        organisationId: user.organisationId,
        name: options.name,
        createdAt: options.now,
      },
      select: { id: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}

type Transport = "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";
const TRANSPORTS = new Set<string>(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

/** The stored transports, as the options take them. */
export function transportsOf(stored: string): Transport[] {
  return stored.split(",").filter((value): value is Transport => TRANSPORTS.has(value));
}
