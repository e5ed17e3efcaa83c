import path from "node:path";
import { authSecretsFromEnv } from "./auth/auth-secrets";

/** Where the embedded SQLite database lives when DATABASE_URL is not set. */
export const DEFAULT_SQLITE_FILE = path.join("prisma", "twofold.db");

export function databaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (url) return url;
  return `file:${path.resolve(process.cwd(), DEFAULT_SQLITE_FILE)}`;
}

/** The secrets a production server cannot start without. */
export const REQUIRED_SECRETS = ["AUTH_SECRET", "TWOFOLD_ENCRYPTION_KEY"] as const;
export type RequiredSecret = (typeof REQUIRED_SECRETS)[number];

/** AUTH_SECRET counts as set in its rotation form too (AUTH_SECRET_1..3, lib/auth/auth-secrets.ts). */
export function missingSecrets(env: Record<string, string | undefined> = process.env): RequiredSecret[] {
  return REQUIRED_SECRETS.filter((name) => (name === "AUTH_SECRET" ? authSecretsFromEnv(env).length === 0 : !env[name]?.trim()));
}

/** Format of TWOFOLD_ENCRYPTION_KEY: `<key id>:<32 bytes in base64>`. */
export const ENCRYPTION_KEY_PATTERN = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]{43}=)$/;

export function encryptionKeyProblem(value: string | undefined): string | null {
  if (!value?.trim()) return "TWOFOLD_ENCRYPTION_KEY is not set";
  if (!ENCRYPTION_KEY_PATTERN.test(value.trim())) {
    return "TWOFOLD_ENCRYPTION_KEY must look like `k1:<32 random bytes in base64>`";
  }
  return null;
}

/**
 * What is wrong with TWOFOLD_ENCRYPTION_KEYS_PREVIOUS beside the current key, or null: every
 * entry must be a key, and no key id (nor key) may appear twice. A previous key under the
 * current key's id would be shadowed by it: the values it sealed would no longer open, while
 * `keys status` would count them as current.
 */
export function previousEncryptionKeysProblem(env: Record<string, string | undefined> = process.env): string | null {
  const entries = [env.TWOFOLD_ENCRYPTION_KEY ?? "", ...(env.TWOFOLD_ENCRYPTION_KEYS_PREVIOUS ?? "").split(",")]
    .map((value) => value.trim())
    .filter(Boolean);
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const match = ENCRYPTION_KEY_PATTERN.exec(entry);
    if (!match) {
      if (index === 0) continue; // the current key's own check says what is wrong with it
      return "TWOFOLD_ENCRYPTION_KEYS_PREVIOUS must be a comma-separated list of keys like `k1:<32 random bytes in base64>`";
    }
    // Compared without case: SQLite compares text that way where `keys rotate` looks for values.
    if (ids.has(match[1]!.toLowerCase()))
      return `Encryption key id "${match[1]}" is used twice (TWOFOLD_ENCRYPTION_KEY and TWOFOLD_ENCRYPTION_KEYS_PREVIOUS): give every key its own id`;
    if (keys.has(match[2]!)) return `The same encryption key appears under two ids ("${match[1]}"): every key id must name its own key`;
    ids.add(match[1]!.toLowerCase());
    keys.add(match[2]!);
  }
  return null;
}

/**
 * The public base URL of Twofold (APP_URL), without a trailing slash; the local server's
 * when unset. Emails' links and the passkeys' relying party (its origin and host) come from it.
 */
export function appBaseUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.APP_URL?.trim() || `http://localhost:${env.PORT?.trim() || 3000}`).replace(/\/+$/, "");
}
