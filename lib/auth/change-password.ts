import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { recordAudit } from "@/lib/audit";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { hashPassword } from "@/lib/auth/password";
import { newPasswordProblem } from "@/lib/auth/password-rules";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { forgetTrustedBrowsersAudited } from "@/lib/auth/trusted-browsers";
import { queueEmail } from "@/lib/mail/outbox";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import type { StepUpMethod } from "@/lib/auth/reauthenticate";
import { relyingParty, type RelyingParty } from "@/lib/webauthn/relying-party";

export type ChangePasswordResult =
  { ok: true; ended: number } | { ok: false; error: ErrorCode; field?: "currentPassword" | "code" | "newPassword"; message?: string };

/**
 * A signed-in user chooses a new password (Settings > Security): their current password, and a
 * current authenticator code, a backup code or their passkey when their 2FA is on, both counted by the same throttles
 * as every re-authentication (lib/auth/reauthenticate.ts). Every other session of the user ends;
 * this one goes on.
 */
export async function changePassword(options: {
  db: Db;
  keyring: Keyring;
  user: { id: string; sessionId: string };
  currentPassword: string;
  newPassword: string;
  /** The second factor, required when the user's 2FA is active. */
  code?: { method: StepUpMethod; value: string };
  /** For a passkey's answer (a step-up challenge of `user.sessionId`). */
  rp?: RelyingParty;
  ip: string;
  now: Date;
}): Promise<ChangePasswordResult> {
  const { db, ip, now } = options;
  const user = await db.user.findUniqueOrThrow({
    where: { id: options.user.id },
    select: { id: true, email: true, name: true, organisationId: true, twoFactorStatus: true },
  });
  // The new password's rules first: a typo there spends no attempt of the throttles.
  const problem = newPasswordProblem(options.newPassword, user.email);
  if (problem) return { ok: false, error: "INVALID_INPUT", field: "newPassword", message: problem };
  const twoFactorOn = user.twoFactorStatus === "ACTIVE";
  if (twoFactorOn && !options.code?.value)
    return { ok: false, error: "INVALID_INPUT", field: "code", message: "Enter a code from your authenticator app." };

  const password = await confirmPassword({ db, userId: user.id, password: options.currentPassword, ip, now });
  if (!password.ok) return { ok: false, error: password.error, field: "currentPassword" };
  if (twoFactorOn) {
    const second = await verifySecondFactor({
      db,
      keyring: options.keyring,
      userId: user.id,
      method: options.code!.method,
      code: options.code!.value,
      ip,
      now,
      passkey:
        options.code!.method === "passkey" ? { rp: options.rp ?? relyingParty(), purpose: "step-up", sessionId: options.user.sessionId } : undefined,
    });
    if (!second.ok) return { ok: false, error: secondFactorError(second), field: "code" };
  }

  const passwordHash = await hashPassword(options.newPassword);
  const ended = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now }, select: { id: true } });
    // A reset link asked for earlier would undo this change: it dies.
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    const ended = await revokeUserSessions({ db: tx, userIds: [user.id], exceptSessionId: options.user.sessionId, reason: "password-changed", now });
    await forgetTrustedBrowsersAudited(tx, { organisationId: user.organisationId, users: [user], actor: user, ip, reason: "password-changed", now });
    await recordAudit(tx, {
      organisationId: user.organisationId,
      type: "password.changed",
      actor: user,
      target: user,
      ip,
      detail: { ended },
      at: now,
    });
    await queueEmail(
      tx,
      {
        template: "password-changed",
        to: user.email,
        organisationId: user.organisationId,
        recipientName: user.name,
        data: { how: "changed", at: now.toISOString() },
      },
      { now },
    );
    return ended;
  });
  return { ok: true, ended };
}
