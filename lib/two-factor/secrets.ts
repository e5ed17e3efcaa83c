import "server-only";
import crypto from "node:crypto";
import { open, seal, type Keyring } from "@/lib/crypto";
import { TOTP_SECRET_BYTES } from "@/lib/two-factor/totp";

// The user id is bound into every ciphertext: a secret copied to another user's row does not open.
const context = (userId: string) => `totp-secret:${userId}`;

export function newTotpSecret(): Buffer {
  return crypto.randomBytes(TOTP_SECRET_BYTES);
}

export function sealTotpSecret(keyring: Keyring, secret: Buffer, userId: string): string {
  return seal(keyring, secret, context(userId));
}

export function openTotpSecret(keyring: Keyring, sealed: string, userId: string): Buffer {
  return open(keyring, sealed, context(userId));
}
