import "server-only";
import type { Db } from "@/lib/db";
import type { LoginMethod, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/audit";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { releasePasswordAttempt, reservePasswordAttempt } from "@/lib/auth/password-throttle";

export interface VerifiedUser {
  id: string;
  email: string;
  organisationId: string;
  twoFactorStatus: TwoFactorStatus;
  twoFactorDueAt: Date | null;
  /** What the next steps of the login need of the organisation (its Access List, its login method). */
  organisation: { id: string; name: string; accessListEnabled: boolean; accessListVersion: number; loginMethod: LoginMethod };
}

export type CredentialsResult =
  { ok: true; user: VerifiedUser } | { ok: false; error: "INVALID_CREDENTIALS" } | { ok: false; error: "RATE_LIMITED"; retryAfterSeconds: number };

/**
 * The password step of a login. An unknown email and a wrong password take the same
 * path, the same time (a dummy argon2 verification) and give the same answer. The
 * attempt is counted before the password is hashed, so parallel guesses cannot outrun it.
 */
export async function verifyCredentials(options: { db: Db; email: string; password: string; ip: string; now?: Date }): Promise<CredentialsResult> {
  const { db, email, password, ip } = options;
  const now = options.now ?? new Date();

  const throttle = await reservePasswordAttempt({ db, email, ip, now });
  if (!throttle.allowed) {
    return { ok: false, error: "RATE_LIMITED", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  const found = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      organisationId: true,
      accountStatus: true,
      passwordHash: true,
      twoFactorStatus: true,
      twoFactorDueAt: true,
      organisation: { select: { id: true, name: true, accessListEnabled: true, accessListVersion: true, loginMethod: true } },
    },
  });
  // An invited user has no password yet: exactly like an unknown email (same answer, same time, nothing audited).
  const user = found?.accountStatus === "ACTIVE" ? found : null;
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!user || !valid) {
    if (user) {
      await recordAudit(db, {
        organisationId: user.organisationId,
        type: "login.failed",
        target: user,
        ip,
        detail: { reason: "wrong password" },
        at: now,
      });
    }
    return { ok: false, error: "INVALID_CREDENTIALS" };
  }

  await releasePasswordAttempt(db, throttle.attempt);
  const { passwordHash: _, accountStatus: __, ...verified } = user;
  return { ok: true, user: verified };
}
