import "server-only";
import crypto from "node:crypto";
import { ENCRYPTION_KEY_PATTERN, previousEncryptionKeysProblem } from "@/lib/env";

// AES-256-GCM with a key id in every ciphertext, so keys can be rotated: new data is
// sealed with the current key, old data still opens with a previous one.
const VERSION = "v1";

export interface Keyring {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

function parseKey(value: string): { id: string; key: Buffer } {
  const match = ENCRYPTION_KEY_PATTERN.exec(value.trim());
  if (!match) throw new Error("An encryption key must look like `k1:<32 random bytes in base64>`");
  return { id: match[1]!, key: Buffer.from(match[2]!, "base64") };
}

/** TWOFOLD_ENCRYPTION_KEY is the current key; TWOFOLD_ENCRYPTION_KEYS_PREVIOUS (comma-separated) still decrypt. */
export function keyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring {
  if (!env.TWOFOLD_ENCRYPTION_KEY) throw new Error("TWOFOLD_ENCRYPTION_KEY is not set");
  const problem = previousEncryptionKeysProblem(env);
  if (problem) throw new Error(problem);
  const current = parseKey(env.TWOFOLD_ENCRYPTION_KEY);
  const previous = (env.TWOFOLD_ENCRYPTION_KEYS_PREVIOUS ?? "")
    .split(",")
    .filter((value) => value.trim())
    .map(parseKey);
  return { current, byId: new Map([...previous, current].map((k) => [k.id, k.key])) };
}

let cachedKeyring: Keyring | undefined;
export function appKeyring(): Keyring {
  cachedKeyring ??= keyringFromEnv();
  return cachedKeyring;
}

/** Encrypts `plaintext`; `context` (e.g. the user id) must be given again to decrypt. */
export function seal(keyring: Keyring, plaintext: Buffer, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, keyring.current.id, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** Decrypts what seal() produced; throws if it was altered, moved to another context, or the key is unknown. */
export function open(keyring: Keyring, sealed: string, context: string): Buffer {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || !iv || !ciphertext || !tag || rest.length) {
    throw new Error("Not a sealed value");
  }
  const key = keyring.byId.get(keyId);
  if (!key) throw new Error(`Unknown encryption key id "${keyId}"`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
}

/** The id of the key a sealed value names (`v1.<keyId>.…`), or null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const [version, keyId] = sealed.split(".", 2);
  return version === VERSION && keyId ? keyId : null;
}

/** The prefix every value sealed with `keyId` starts with (for finding them in a query). */
export const sealedPrefix = (keyId: string) => `${VERSION}.${keyId}.`;

/** Compares two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("base64url");
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}
