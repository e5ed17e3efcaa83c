import { HOTP, Secret, TOTP } from "otpauth";
import { constantTimeEqual } from "@/lib/crypto";

// DESIGN §2: RFC 6238, SHA1, 6 digits, 30 s steps, steps T-1..T+1 accepted.
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const TOTP_SECRET_BYTES = 20; // 160 bits
export const TOTP_ISSUER = "Twofold";

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a given time step (as a string: leading zeros matter). */
export function codeForStep(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  return HOTP.generate({ secret: Secret.fromHex(Buffer.from(secret).toString("hex")), algorithm: "SHA1", digits, counter: step });
}

/** A code's time step; `replayed` when that step is at or below the last accepted one. */
export type TotpMatch = { step: number; replayed: boolean };

/**
 * The time step whose code `code` is, within T-1..T+1, or null. A code of a step at or
 * below `lastStep` is a replay: it matches but must be refused (only the real code can
 * match, so a replay is never a guess and the caller does not count it as one).
 */
export function matchTotpStep(options: { secret: Uint8Array; code: string; now: Date; lastStep: number | null }): TotpMatch | null {
  const code = options.code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) return null;
  const current = timeStep(options.now);
  let fresh: number | null = null;
  let replayed: number | null = null;
  // Check every candidate (no early exit) so timing does not reveal which step matched.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (!constantTimeEqual(codeForStep(options.secret, step), code)) continue;
    if (options.lastStep === null || step > options.lastStep) fresh = step;
    else replayed = step;
  }
  if (fresh !== null) return { step: fresh, replayed: false };
  return replayed === null ? null : { step: replayed, replayed: true };
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: Uint8Array, accountEmail: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountEmail,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromHex(Buffer.from(secret).toString("hex")),
  }).toString();
}

/** The setup key shown beside the QR code: base32, in groups of four for typing. */
export function formatSetupKey(secret: Uint8Array): string {
  const base32 = Secret.fromHex(Buffer.from(secret).toString("hex")).base32;
  return base32.match(/.{1,4}/g)!.join(" ");
}
