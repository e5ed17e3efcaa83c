import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { verifyPassword } from "@/lib/auth/password";
import { checkPasswordThrottle, recordPasswordFailure } from "@/lib/auth/password-throttle";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";

/**
 * Confirms a signed-in user for a sensitive change with their password and a current
 * authenticator code. Failures count like login failures (password throttle, 2FA lock).
 */
export async function reauthenticate(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  password: string;
  code: string;
  ip: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; error: ErrorCode; field?: "password" | "code" }> {
  const { db, userId, ip, now } = options;
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  const throttle = await checkPasswordThrottle({ db, email: user.email, ip, now });
  if (!throttle.allowed) return { ok: false, error: "RATE_LIMITED" };
  if (!(await verifyPassword(user.passwordHash, options.password))) {
    await recordPasswordFailure({ db, email: user.email, ip, now });
    return { ok: false, error: "INVALID_CREDENTIALS", field: "password" };
  }
  const second = await verifySecondFactor({ db, keyring: options.keyring, userId, method: "totp", code: options.code, now });
  return second.ok ? { ok: true } : { ok: false, error: secondFactorError(second), field: "code" };
}
