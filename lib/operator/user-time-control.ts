import "server-only";
import type { Db } from "@/lib/db";
import type { Role, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import type { DbOrTransaction } from "@/lib/db";
import { auditedAuthor, recordAudit, type AuditType, type OperatorIdentity } from "@/lib/audit";
import { accountKey } from "@/lib/auth/password-throttle";
import { lockState } from "@/lib/two-factor/status";

// Time control for tests and support (`twofold users grace|expire-lock`): what waiting would
// do, done now, by an operator, audited with their reason. Never reached from the app.

export interface OrganisationUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisation: { slug: string; name: string };
}

/** A user by email, only inside the named organisation (an email of another organisation is not found). */
export async function findOrganisationUser(db: Db, organisationSlug: string, email: string): Promise<OrganisationUser | null> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, organisationId: true, organisation: { select: { slug: true, name: true } } },
  });
  return user && user.organisation.slug === organisationSlug ? user : null;
}

interface OperatorChange {
  operator: OperatorIdentity;
  reason: string;
  now: Date;
}

/** The audit event of an operator's change to one user, with what it changed. */
function auditUserChange(
  tx: DbOrTransaction,
  user: { id: string; email: string; organisationId: string },
  type: AuditType,
  change: OperatorChange,
  detail: Record<string, unknown>,
) {
  return recordAudit(tx, {
    organisationId: user.organisationId,
    type,
    target: { id: user.id, email: user.email },
    ...auditedAuthor({ operator: change.operator, reason: change.reason }, detail),
    at: change.now,
  });
}

export type GraceResult =
  | { ok: true; user: { id: string; email: string; twoFactorStatus: TwoFactorStatus; twoFactorDueAt: Date } }
  | { ok: false; reason: "not-required" | "gone" };

/**
 * Moves a Required (not yet enrolled) user's grace deadline; a deadline at or before `now` ends
 * the grace period, so their next request goes to the setup wizard. Conditional on the state
 * it read, so an enrolment in between is never overwritten.
 */
export async function moveGraceDeadline(options: { db: Db; userId: string; until: Date } & OperatorChange): Promise<GraceResult> {
  const { db, userId, until } = options;
  return db.$transaction(async (tx): Promise<GraceResult> => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, organisationId: true, twoFactorStatus: true, totpSecret: true, twoFactorDueAt: true },
    });
    if (!user) return { ok: false, reason: "gone" };
    if (user.twoFactorStatus !== "REQUIRED" || user.totpSecret !== null) return { ok: false, reason: "not-required" };
    const { count } = await tx.user.updateMany({
      where: { id: userId, twoFactorStatus: "REQUIRED", totpSecret: null },
      data: { twoFactorDueAt: until },
    });
    if (count === 0) return { ok: false, reason: "not-required" };
    await auditUserChange(tx, user, "two_factor.grace_moved_by_operator", options, {
      from: user.twoFactorDueAt?.toISOString() ?? null,
      to: until.toISOString(),
    });
    return { ok: true, user: { id: user.id, email: user.email, twoFactorStatus: user.twoFactorStatus, twoFactorDueAt: until } };
  });
}

export type ExpireLocksResult =
  | { ok: true; user: { id: string; email: string }; expired: { twoFactor: boolean; password: boolean } }
  | { ok: false; reason: "locked-by-admin" | "gone" };

/**
 * Ends every timed lock on the account now, as if its time had passed: the 2FA lock (its
 * deadline becomes `now`) and the password sign-in backoff. Failure counters are kept, as
 * waiting keeps them, so the next failure locks again for longer. The lock after 10 failures
 * has no time to pass (only an admin's Unlock ends it): refused, nothing changed.
 * Audited only when something was locked.
 */
export async function expireLocks(options: { db: Db; userId: string } & OperatorChange): Promise<ExpireLocksResult> {
  const { db, userId, now } = options;
  return db.$transaction(async (tx): Promise<ExpireLocksResult> => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, organisationId: true, twoFactorFailures: true, twoFactorLockedUntil: true },
    });
    if (!user) return { ok: false, reason: "gone" };
    const lock = lockState(user, now);
    if (lock.kind === "locked-by-admin") return { ok: false, reason: "locked-by-admin" };
    const twoFactor = lock.kind === "locked";
    if (twoFactor) await tx.user.update({ where: { id: userId }, data: { twoFactorLockedUntil: now }, select: { id: true } });
    const throttle = await tx.rateLimit.findUnique({ where: { key: accountKey(user.email) }, select: { lockedUntil: true } });
    const password = throttle?.lockedUntil != null && throttle.lockedUntil > now;
    if (password) await tx.rateLimit.update({ where: { key: accountKey(user.email) }, data: { lockedUntil: now } });
    if (twoFactor || password) {
      await auditUserChange(tx, user, "user.locks_expired_by_operator", options, {
        ...(twoFactor ? { twoFactorLockedUntil: user.twoFactorLockedUntil!.toISOString(), twoFactorFailures: user.twoFactorFailures } : {}),
        ...(password ? { passwordLockedUntil: throttle!.lockedUntil!.toISOString() } : {}),
      });
    }
    return { ok: true, user: { id: user.id, email: user.email }, expired: { twoFactor, password } };
  });
}
