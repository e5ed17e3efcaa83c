import { HOTP, Secret } from "otpauth";
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

// Clock drift diagnosis (issue 14): a wrong code that is the code of a step 2 to 20 steps
// (up to ±10 minutes) from now is a near miss. One proves nothing a guesser could not
// stumble on, and telling it apart would say which future step a guess hits; two in a row,
// the same distance away, of different steps, need the secret: then the phone's clock is off.
export const NEAR_MISS_MAX_STEPS = 20;

/** A wrong code's step outside the accepted window, and its distance from the server's step (+: the phone is ahead). */
export interface NearMiss {
  step: number;
  offset: number;
}

const isNearMissOffset = (offset: number) => Number.isInteger(offset) && Math.abs(offset) > TOTP_WINDOW && Math.abs(offset) <= NEAR_MISS_MAX_STEPS;

/**
 * The step outside T-1..T+1, within ±20 steps, whose code `code` is (the nearest if several), or null.
 * Every candidate is computed and compared, whatever matches, so each wrong code costs the same.
 */
export function findNearMiss(options: { secret: Uint8Array; code: string; now: Date }): NearMiss | null {
  const code = options.code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) return null;
  const current = timeStep(options.now);
  let found: NearMiss | null = null;
  for (let offset = -NEAR_MISS_MAX_STEPS; offset <= NEAR_MISS_MAX_STEPS; offset++) {
    if (!isNearMissOffset(offset)) continue;
    if (!constantTimeEqual(codeForStep(options.secret, current + offset), code)) continue;
    if (!found || Math.abs(offset) < Math.abs(found.offset)) found = { step: current + offset, offset };
  }
  return found;
}

/**
 * The phone's clock drift in whole minutes (positive: fast, negative: slow, at least 1 either
 * way) that two consecutive near misses show: offsets within one step of each other, of two
 * different steps (the same code typed twice is one observation). Null otherwise.
 */
export function clockDriftMinutes(previous: NearMiss | null, current: NearMiss | null): number | null {
  if (!previous || !current || !isNearMissOffset(previous.offset) || !isNearMissOffset(current.offset)) return null;
  if (previous.step === current.step || Math.abs(previous.offset - current.offset) > 1) return null;
  const steps = (previous.offset + current.offset) / 2;
  return Math.sign(steps) * Math.max(1, Math.round((Math.abs(steps) * TOTP_PERIOD_SECONDS) / 60));
}

/**
 * A name as the Key URI format can carry it in the label and the issuer: no colon (it
 * separates the issuer from the account, and apps split at it even percent-encoded), no
 * control characters, spaces collapsed.
 */
function keyUriName(name: string): string {
  return name
    .replace(/[:\p{Cc}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** What the authenticator app shows for the entry: the product and, to tell organisations apart, the organisation. */
export function totpIssuer(organisationName: string): string {
  const organisation = keyUriName(organisationName);
  return organisation ? `${TOTP_ISSUER} (${organisation})` : TOTP_ISSUER;
}

/**
 * The otpauth:// URI an authenticator app reads from the QR code (or the wizard's link on a
 * phone): `otpauth://totp/Twofold%20(Acme%20Corp):alice%40acme.test?secret=…&issuer=Twofold%20(Acme%20Corp)&…`.
 * The label's prefix and the issuer agree, percent-encoded (%20, never '+'). Only the name
 * changes with the organisation: codes depend on the secret alone, so older entries keep working.
 */
export function otpauthUri(secret: Uint8Array, account: { email: string; organisationName: string }): string {
  const issuer = encodeURIComponent(totpIssuer(account.organisationName));
  const label = `${issuer}:${encodeURIComponent(keyUriName(account.email))}`;
  const base32 = Secret.fromHex(Buffer.from(secret).toString("hex")).base32;
  return `otpauth://totp/${label}?secret=${base32}&issuer=${issuer}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
}

/** The setup key shown beside the QR code: base32, in groups of four for typing. */
export function formatSetupKey(secret: Uint8Array): string {
  const base32 = Secret.fromHex(Buffer.from(secret).toString("hex")).base32;
  return base32.match(/.{1,4}/g)!.join(" ");
}
