import "server-only";
import type { Db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { releasePasswordAttempt, reservePasswordAttempt } from "@/lib/auth/password-throttle";

/**
 * A signed-in user re-enters their password to confirm a sensitive change. Wrong
 * passwords count towards the same throttle as the login form's (reserved before hashing).
 */
export async function confirmPassword(options: {
  db: Db;
  userId: string;
  password: string;
  ip: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; error: "WRONG_PASSWORD" | "RATE_LIMITED" }> {
  const { db, ip, now } = options;
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { email: true, passwordHash: true } });
  const throttle = await reservePasswordAttempt({ db, email: user.email, ip, now });
  if (!throttle.allowed) return { ok: false, error: "RATE_LIMITED" };
  if (!(await verifyPassword(user.passwordHash, options.password))) return { ok: false, error: "WRONG_PASSWORD" };
  await releasePasswordAttempt(db, throttle.attempt);
  return { ok: true };
}
