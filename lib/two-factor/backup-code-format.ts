import crypto from "node:crypto";

// DESIGN §2: 10 codes of 16 Crockford base32 characters (80 bits), shown as XXXX-XXXX-XXXX-XXXX.
export const BACKUP_CODE_COUNT = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 16;

/** A fresh code, formatted for display. */
export function generateBackupCode(): string {
  const bytes = crypto.randomBytes(10); // 80 bits = 16 characters of 5 bits
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return formatBackupCode(code);
}

export function formatBackupCode(normalised: string): string {
  return normalised.match(/.{4}/g)!.join("-");
}

/**
 * What a user typed, reduced to the 16 canonical characters: case, dashes and spaces
 * do not matter, and Crockford's look-alikes (O for 0, I and L for 1) are accepted.
 * Returns null when it cannot be a backup code.
 */
export function normaliseBackupCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== LENGTH) return null;
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return cleaned;
}
