import "server-only";
import { forgetTrustedBrowsersAudited } from "@/lib/auth/trusted-browsers";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { activateBackupCodes, createPendingBackupCodes } from "@/lib/two-factor/backup-codes";
import { lockStarted, type LockState } from "@/lib/two-factor/lockout";
import { newTotpSecret, openTotpSecret, sealTotpSecret } from "@/lib/two-factor/secrets";
import { releaseSecondFactorAttempt, reserveSecondFactorAttempt, type SecondFactorRefusal } from "@/lib/two-factor/throttle";
import { formatSetupKey, matchTotpStep, otpauthUri } from "@/lib/two-factor/totp";

export interface EnrolmentMaterial {
  /** For the QR code and, on a phone, the "Open in authenticator app" link; never put in a URL the browser requests. */
  otpauthUri: string;
  setupKey: string;
  backupCodes: string[];
}

/**
 * Starts (or restarts) enrolment: a new 160-bit secret and a new set of backup codes,
 * both inactive until confirmEnrolment() sees a correct code. Whatever the user had
 * before keeps working until then.
 */
export async function beginEnrolment(options: { db: Db; keyring: Keyring; userId: string; email: string }): Promise<EnrolmentMaterial> {
  const secret = newTotpSecret();
  const { organisation } = await options.db.user.update({
    where: { id: options.userId },
    data: { totpPendingSecret: sealTotpSecret(options.keyring, secret, options.userId) },
    // The authenticator entry names the organisation (settings and login wizards alike).
    select: { organisation: { select: { name: true } } },
  });
  const backupCodes = await createPendingBackupCodes({ db: options.db, userId: options.userId });
  const uri = otpauthUri(secret, { email: options.email, organisationName: organisation.name });
  return { otpauthUri: uri, setupKey: formatSetupKey(secret), backupCodes };
}

export type EnrolmentResult =
  | { ok: true }
  | { ok: false; reason: "no-enrolment" }
  | { ok: false; reason: "wrong-code"; lock: LockState }
  /** The right code, but what it was for (the login's step) had closed: nothing was activated. */
  | { ok: false; reason: "step-closed" }
  | SecondFactorRefusal;

/**
 * Activates the pending secret and backup codes if `code` comes from the new authenticator.
 * Counted like a login's code (per account and per IP, before the check).
 */
export async function confirmEnrolment(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  code: string;
  ip: string;
  now: Date;
  /**
   * What else must commit with the activation (its audit event, a login's step passing with
   * it), in the same transaction; false undoes it all ("step-closed"). `wasActive`: the user
   * had 2FA on with an app before, so this changed their authenticator.
   */
  whenAccepted?: (tx: DbOrTransaction, enrolment: { wasActive: boolean }) => Promise<boolean>;
}): Promise<EnrolmentResult> {
  const { db, userId, now } = options;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpPendingSecret: true },
  });
  if (!user?.totpPendingSecret) return { ok: false, reason: "no-enrolment" };
  const reserved = await reserveSecondFactorAttempt({ db, userId, ip: options.ip, now });
  if (!reserved.ok) return reserved;

  // Replay protection is per secret: the previous secret's last step says nothing about this one.
  const secret = openTotpSecret(options.keyring, user.totpPendingSecret, userId);
  const match = matchTotpStep({ secret, code: options.code, now, lastStep: null });
  if (!match) {
    await lockStarted(db, { userId, lock: reserved.lock, now });
    return { ok: false, reason: "wrong-code", lock: reserved.lock };
  }
  // The right code is not a failure, whether or not a parallel confirmation wins below.
  await releaseSecondFactorAttempt(db, reserved.attempt);
  const stepClosed = Symbol("step closed");
  return db
    .$transaction(async (tx) => {
      const before = await tx.user.findUnique({
        where: { id: userId },
        select: { twoFactorStatus: true, email: true, organisationId: true, totpSecret: true },
      });
      // Only the secret the user just proved is activated, even if a restart raced us.
      const activated = await tx.user.updateMany({
        where: { id: userId, totpPendingSecret: user.totpPendingSecret },
        data: {
          totpSecret: user.totpPendingSecret,
          totpPendingSecret: null,
          totpLastStep: match.step,
          twoFactorStatus: "ACTIVE",
          twoFactorEnrolledAt: now,
        },
      });
      if (activated.count !== 1) return { ok: false, reason: "no-enrolment" } as const;
      await activateBackupCodes(tx, userId);
      // Browsers trusted under the previous authenticator are not trusted under this one.
      if (before) {
        const user = { id: userId, email: before.email };
        const reason = "authenticator-changed";
        await forgetTrustedBrowsersAudited(tx, { organisationId: before.organisationId, users: [user], actor: user, ip: options.ip, reason, now });
      }
      // A user with passkeys only who adds an app was active, but changed no app.
      const enrolment = { wasActive: before?.twoFactorStatus === "ACTIVE" && before.totpSecret !== null };
      if (options.whenAccepted && !(await options.whenAccepted(tx, enrolment))) throw stepClosed;
      return { ok: true } as const;
    })
    .catch((error: unknown) => {
      if (error === stepClosed) return { ok: false, reason: "step-closed" } as const;
      throw error;
    });
}
