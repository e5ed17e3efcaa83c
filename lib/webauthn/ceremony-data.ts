import { decodeClientDataJSON, isoBase64URL } from "@simplewebauthn/server/helpers";

// Reading the part of a ceremony's response the server needs before verifying it: which
// challenge it claims to answer (to spend it). Malformed input is null, never an exception.

/** The challenge a response's clientDataJSON names, or null when it cannot be read. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/** The bytes a challenge (base64url) stands for, as the options generators take them. */
export const challengeBytes = (challenge: string) => isoBase64URL.toBuffer(challenge);
