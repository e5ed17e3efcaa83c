import { decodeClientDataJSON, isoBase64URL, parseAuthenticatorData } from "@simplewebauthn/server/helpers";

// Reading the parts of a ceremony's response the server needs before verifying it: which
// challenge it claims to answer (to spend it), and the authenticator's flags and counter.
// Malformed input is null, never an exception.

/** The challenge a response's clientDataJSON names, or null when it cannot be read. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/** The signature counter and whether the user was verified, from an assertion's authenticatorData. */
export function assertionFlagsOf(authenticatorData: string): { counter: number; userVerified: boolean } | null {
  try {
    const parsed = parseAuthenticatorData(isoBase64URL.toBuffer(authenticatorData));
    return { counter: parsed.counter, userVerified: parsed.flags.uv };
  } catch {
    return null;
  }
}

/** The bytes a challenge (base64url) stands for, as the options generators take them. */
export const challengeBytes = (challenge: string) => isoBase64URL.toBuffer(challenge);
