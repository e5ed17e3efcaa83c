import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { confirmAdmin, type AdminConfirmation, type AdminConfirmationResult } from "@/lib/admin/confirm-admin";
import { forgetTrustedBrowsersAudited, forgetTrustedBrowsersOf } from "@/lib/auth/trusted-browsers";
import { PENDING_STEP_MS, revokeUserSessions } from "@/lib/auth/sessions";
import { generateBackupCode, normaliseBackupCode } from "@/lib/two-factor/backup-code-format";
import { LOCK_CLEARED } from "@/lib/two-factor/lockout";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";

// Temporary access codes (issue 14, Entra's Temporary Access Pass): an admin issues one for a
// user who lost both phone and backup codes, passes it on out of band, and it works once, in
// place of a second factor, within 1 to 8 hours. Using it wipes the old enrolment, so the
// user must set up a new authenticator before anything else. Same shape and hashing as a
// backup code (16 Crockford base32 characters, argon2id); only the hash is stored.

export const TEMPORARY_CODE_MIN_HOURS = 1;
export const TEMPORARY_CODE_MAX_HOURS = 8;
export const TEMPORARY_CODE_DEFAULT_HOURS = 1;
/** Used and expired codes are kept this long (for the audit trail's sake), then deleted. */
export const TEMPORARY_CODE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export type IssueRefusal =
  /** No such user in the admin's organisation (another tenant's id gets the same answer). */
  | { ok: false; reason: "unknown-user" }
  /** An admin cannot let themselves past their own second factor. */
  | { ok: false; reason: "self" }
  /** The user has no active 2FA (Off, Required, invited): there is no second factor to stand in for. */
  | { ok: false; reason: "not-enrolled" }
  | { ok: false; reason: "invalid-hours" }
  /** The admin's step-up failed or is missing. */
  | { ok: false; reason: "not-confirmed"; confirmation: Exclude<AdminConfirmationResult, { ok: true }> };

export type IssueResult = { ok: true; code: string; expiresAt: Date; user: { id: string; name: string; email: string } } | IssueRefusal;

/**
 * An admin issues a temporary access code for a user of their organisation whose 2FA is
 * Active. Stepped up like Disable/Reset (the admin's code, or password without 2FA). In one
 * transaction: any unused earlier code goes, the 2FA lock is cleared, open recovery requests
 * close, every session ends, trusted browsers are forgotten; audited and mailed to the user.
 * The plain code is returned once, for the admin to pass on.
 */
export async function issueTemporaryAccessCode(options: {
  db: Db;
  keyring: Keyring;
  organisationId: string;
  userId: string;
  hours: number;
  actor: AuditActor;
  confirmation: AdminConfirmation | undefined;
  ip: string;
  now: Date;
  /** The admin's session (a passkey confirmation answers a step-up challenge of it). */
  sessionId?: string;
}): Promise<IssueResult> {
  const { db, organisationId, actor, ip, now, hours } = options;
  if (!Number.isInteger(hours) || hours < TEMPORARY_CODE_MIN_HOURS || hours > TEMPORARY_CODE_MAX_HOURS) return { ok: false, reason: "invalid-hours" };
  const user = await db.user.findFirst({
    where: { id: options.userId, organisationId },
    select: { id: true, name: true, email: true, twoFactorStatus: true, accountStatus: true },
  });
  if (!user) return { ok: false, reason: "unknown-user" };
  if (user.id === actor.id) return { ok: false, reason: "self" };
  if (user.twoFactorStatus !== "ACTIVE" || user.accountStatus !== "ACTIVE") return { ok: false, reason: "not-enrolled" };
  const confirmed = await confirmAdmin({
    db,
    keyring: options.keyring,
    adminId: actor.id,
    confirmation: options.confirmation,
    ip,
    now,
    sessionId: options.sessionId,
  });
  if (!confirmed.ok) return { ok: false, reason: "not-confirmed", confirmation: confirmed };

  const code = generateBackupCode();
  const codeHash = await hashPassword(normaliseBackupCode(code)!);
  const expiresAt = new Date(now.getTime() + hours * HOUR_MS);
  const issued = await db.$transaction(async (tx) => {
    // Still enrolled now (a Reset may have run meanwhile); clears the lock in the same write.
    const { count } = await tx.user.updateMany({ where: { id: user.id, organisationId, twoFactorStatus: "ACTIVE" }, data: LOCK_CLEARED });
    if (count !== 1) return false;
    // One live code per user: a new one replaces any unused earlier one.
    await tx.temporaryAccessCode.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.temporaryAccessCode.create({ data: { organisationId, userId: user.id, codeHash, issuedById: actor.id, createdAt: now, expiresAt } });
    await tx.recoveryRequest.updateMany({
      where: { userId: user.id, closedAt: null },
      data: { closedAt: now, closedById: actor.id, closedHow: "code-issued" },
    });
    await revokeUserSessions({ db: tx, userIds: [user.id], reason: "temporary-access-code", now });
    const forgotten = await forgetTrustedBrowsersOf(tx, [user.id]);
    if (forgotten > 0) {
      await recordAudit(tx, {
        organisationId,
        type: "trusted_browser.forgotten",
        actor,
        target: user,
        ip,
        detail: { count: forgotten, reason: "temporary-access-code" },
        at: now,
      });
    }
    await recordAudit(tx, { organisationId, type: "two_factor.temporary_code_issued", actor, target: user, ip, detail: { hours }, at: now });
    await queueEmail(tx, noticeFor({ ...user, organisationId }, "temporary-code-issued", { expiresAt: expiresAt.toISOString() }), { now });
    return true;
  });
  if (!issued) return { ok: false, reason: "not-enrolled" };
  return { ok: true, code, expiresAt, user: { id: user.id, name: user.name, email: user.email } };
}

/** The id of the user's live (unused, unexpired) temporary access code if `input` is it, else null. */
export async function findTemporaryAccessCode(options: { db: Db; userId: string; input: string; now: Date }): Promise<string | null> {
  const normalised = normaliseBackupCode(options.input);
  if (!normalised) return null;
  const live = await options.db.temporaryAccessCode.findFirst({
    where: { userId: options.userId, usedAt: null, expiresAt: { gt: options.now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true },
  });
  // Without a live code the same argon2 work is done: the answer's time does not tell whether an admin issued one.
  if (!live) return verifyAgainstDummy(normalised).then(() => null);
  return (await verifyPassword(live.codeHash, normalised)) ? live.id : null;
}

/**
 * Spends a code, only while it is unused, unexpired and not replaced (deleted): of parallel
 * uses exactly one gets true.
 */
export async function markTemporaryAccessCodeUsed(options: { db: DbOrTransaction; id: string; now: Date }): Promise<boolean> {
  const { count } = await options.db.temporaryAccessCode.updateMany({
    where: { id: options.id, usedAt: null, expiresAt: { gt: options.now } },
    data: { usedAt: options.now },
  });
  return count === 1;
}

/**
 * What a used code does, in the transaction that spends it: the old authenticator, pending
 * secret and every backup code go, 2FA becomes Required with no grace (the login rule sends
 * the session to the setup wizard), the lock clears, other sessions end, audited and mailed.
 * The session stays at its second-factor step with a new generation and 5 fresh minutes;
 * false (nothing happens) when that step is no longer this session's to pass.
 */
export async function startReEnrolment(
  tx: DbOrTransaction,
  options: {
    session: { id: string; generation: number };
    user: { id: string; email: string; name: string; organisationId: string };
    ip: string;
    now: Date;
  },
): Promise<{ pendingUntil: Date } | null> {
  const { session, user, ip, now } = options;
  const pendingUntil = new Date(now.getTime() + PENDING_STEP_MS);
  const moved = await tx.session.updateMany({
    where: {
      id: session.id,
      userId: user.id,
      generation: session.generation,
      stage: "SECOND_FACTOR",
      pendingUntil: { gt: now },
      revokedAt: null,
      expiresAt: { gt: now },
    },
    data: { generation: { increment: 1 }, pendingUntil },
  });
  if (moved.count !== 1) return null;
  // The code just spent (in this transaction) belongs to this sign-in: only it may enrol while its step is open.
  await tx.temporaryAccessCode.updateMany({ where: { userId: user.id, usedAt: now, usedBySessionId: null }, data: { usedBySessionId: session.id } });
  await tx.user.update({
    where: { id: user.id },
    data: {
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
      twoFactorEnrolledAt: null,
      twoFactorStatus: "REQUIRED",
      twoFactorDueAt: null,
      // The admin's requirement, not the policy's: turning the policy off must not release a user mid-recovery.
      twoFactorByPolicy: false,
      ...LOCK_CLEARED,
    },
    select: { id: true },
  });
  await tx.backupCode.deleteMany({ where: { userId: user.id } });
  // Whoever holds the lost device may hold its (synced) passkey too: it goes with the old enrolment.
  const passkeys = await tx.webAuthnCredential.deleteMany({ where: { userId: user.id } });
  // Browsers trusted since the code was issued (by whoever held the old phone) are forgotten with the old enrolment.
  await forgetTrustedBrowsersAudited(tx, {
    organisationId: user.organisationId,
    users: [user],
    actor: user,
    ip,
    reason: "temporary-access-code",
    now,
  });
  await revokeUserSessions({ db: tx, userIds: [user.id], exceptSessionId: session.id, reason: "temporary-access-code", now });
  await recordAudit(tx, {
    organisationId: user.organisationId,
    type: "two_factor.temporary_code_used",
    actor: user,
    target: user,
    ip,
    at: now,
    ...(passkeys.count ? { detail: { passkeysRemoved: passkeys.count } } : {}),
  });
  await queueEmail(tx, noticeFor(user, "temporary-code-used", { at: now.toISOString(), ip }), { now });
  return { pendingUntil };
}

/**
 * The periodic sweep: each unused code that expired is audited and mailed to its user once
 * (the conditional update on expiryNotedAt makes one instance do it), and codes used or
 * expired more than 30 days ago are deleted.
 */
export async function sweepTemporaryAccessCodes(options: { db: Db; now: Date }): Promise<{ expired: number; deleted: number }> {
  const { db, now } = options;
  const due = await db.temporaryAccessCode.findMany({
    where: { usedAt: null, expiresAt: { lte: now }, expiryNotedAt: null },
    select: { id: true, organisationId: true, expiresAt: true, user: { select: { id: true, email: true, name: true } } },
    take: 500,
  });
  let expired = 0;
  for (const code of due) {
    const noted = await db.$transaction(async (tx) => {
      const { count } = await tx.temporaryAccessCode.updateMany({
        where: { id: code.id, usedAt: null, expiryNotedAt: null },
        data: { expiryNotedAt: now },
      });
      if (count !== 1) return false;
      const user = { ...code.user, organisationId: code.organisationId };
      await recordAudit(tx, { organisationId: code.organisationId, type: "two_factor.temporary_code_expired", target: code.user, at: now });
      await queueEmail(tx, noticeFor(user, "temporary-code-expired", { expiredAt: code.expiresAt.toISOString() }), { now });
      return true;
    });
    if (noted) expired++;
  }
  const cutoff = new Date(now.getTime() - TEMPORARY_CODE_RETENTION_MS);
  const { count: deleted } = await db.temporaryAccessCode.deleteMany({
    where: { OR: [{ usedAt: { lt: cutoff } }, { expiresAt: { lt: cutoff } }] },
  });
  return { expired, deleted };
}

/**
 * Whether another sign-in is enrolling this user's new authenticator right now, after using a
 * temporary access code (its setup step still open). Then a password alone must not open a
 * second wizard that would replace the secret being set up; once that step closes without an
 * enrolment, the user is Required like after a Reset.
 */
export async function reEnrolmentInProgress(db: DbOrTransaction, options: { userId: string; now: Date }): Promise<boolean> {
  const { userId, now } = options;
  const code = await db.temporaryAccessCode.findFirst({
    where: { userId, usedAt: { not: null }, usedBySessionId: { not: null } },
    orderBy: { usedAt: "desc" },
    select: { usedBySessionId: true },
  });
  if (!code?.usedBySessionId) return false;
  const session = await db.session.findFirst({
    where: { id: code.usedBySessionId, userId, stage: "SECOND_FACTOR", revokedAt: null, pendingUntil: { gt: now }, expiresAt: { gt: now } },
    select: { id: true },
  });
  return session !== null;
}
