import "server-only";
import { hash, verify, type Options } from "@node-rs/argon2";

// DESIGN §2: argon2id, m=19456 KiB, t=2, p=1. `2` is Algorithm.Argon2id (a const enum
// that isolatedModules cannot read from the package's types).
export const PASSWORD_HASH_OPTIONS: Options = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed verification, not a crash.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for unknown emails, so a wrong
 * email cannot be told from a wrong password by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("twofold-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
