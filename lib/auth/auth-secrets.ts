// Plain Node (server.ts loads it, as does Next's bundle): AUTH_SECRET read the way Auth.js reads
// it for rotation (@auth/core's setEnvDefaults), in one place for every consumer: the session
// cookie (auth.ts, lib/next/session-token.ts), the Access List gate and the internal-forward token.
// next-auth sets `secret` to AUTH_SECRET alone before Auth.js would look at AUTH_SECRET_1..3, so
// auth.ts must pass this list itself.

/** The numbered secrets Auth.js reads next to AUTH_SECRET: the highest number set is the newest. */
export const AUTH_SECRET_SLOTS = [1, 2, 3] as const;

/**
 * Newest first, as Auth.js orders them: AUTH_SECRET_3, AUTH_SECRET_2, AUTH_SECRET_1, then
 * AUTH_SECRET. The first signs and encrypts; every one still verifies and decrypts. Unset or
 * blank ones are skipped; values are used as given (a trimmed secret would derive another key).
 */
export function authSecretsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  const secrets: string[] = [];
  if (env.AUTH_SECRET?.trim()) secrets.push(env.AUTH_SECRET);
  for (const slot of AUTH_SECRET_SLOTS) {
    const secret = env[`AUTH_SECRET_${slot}`];
    if (secret?.trim()) secrets.unshift(secret);
  }
  return secrets;
}
