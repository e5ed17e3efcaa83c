import "server-only";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditMany, type AuditActor, type AuditType } from "@/lib/audit";
import { userFilterWhere } from "@/lib/admin/user-filter";
import { LOCK_CLEARED } from "@/lib/two-factor/lockout";
import { lockedWhere } from "@/lib/two-factor/status";
import { revokeUserSessions, type SessionEndReason } from "@/lib/auth/sessions";
import { forgetTrustedBrowsersAudited } from "@/lib/auth/trusted-browsers";
import type { BulkAction, BulkTarget } from "@/lib/validations/admin";
import { noticeFor, receivesNotices } from "@/lib/mail/notices";
import { queueEmails, type EmailToQueue } from "@/lib/mail/outbox";

interface Transition {
  /** Which of the targeted users the action changes; the others are already there (no-op). */
  applies: (now: Date) => Prisma.UserWhereInput;
  data: Prisma.UserUpdateManyMutationInput;
  /** Disable and Reset end the enrolment: backup codes go, sessions end with this reason (DESIGN §2). */
  clearsEnrolment: false | SessionEndReason;
  audit: AuditType;
  /** The email each affected user gets (none for Unlock: they find out when they sign in). */
  notice: ((user: { email: string; name: string; organisationId: string }) => EmailToQueue) | null;
}

const CLEARED_ENROLMENT = {
  totpSecret: null,
  totpPendingSecret: null,
  totpLastStep: null,
  twoFactorEnrolledAt: null,
  twoFactorDueAt: null,
  twoFactorByPolicy: false,
  ...LOCK_CLEARED,
} satisfies Prisma.UserUpdateManyMutationInput;

const TRANSITIONS: Record<BulkAction, Transition> = {
  // Reaches a signed-in user at their next request: the login rule sends them to the setup wizard.
  enable: {
    applies: () => ({ twoFactorStatus: "OFF" }),
    data: { twoFactorStatus: "REQUIRED", twoFactorDueAt: null, twoFactorByPolicy: false },
    clearsEnrolment: false,
    audit: "two_factor.enabled_by_admin",
    notice: (user) => noticeFor(user, "two-factor-required", { by: "admin", dueAt: null }),
  },
  disable: {
    applies: () => ({ twoFactorStatus: { not: "OFF" } }),
    data: { ...CLEARED_ENROLMENT, twoFactorStatus: "OFF" },
    clearsEnrolment: "two-factor-disabled",
    audit: "two_factor.disabled_by_admin",
    notice: (user) => noticeFor(user, "two-factor-disabled-by-admin", {}),
  },
  // The lost-phone case: the requirement stays, the user enrols again at the next login.
  reset: {
    applies: () => ({ twoFactorStatus: "ACTIVE" }),
    data: { ...CLEARED_ENROLMENT, twoFactorStatus: "REQUIRED" },
    clearsEnrolment: "two-factor-reset",
    audit: "two_factor.reset_by_admin",
    notice: (user) => noticeFor(user, "two-factor-reset-by-admin", {}),
  },
  unlock: {
    applies: lockedWhere,
    data: LOCK_CLEARED,
    clearsEnrolment: false,
    audit: "two_factor.unlocked_by_admin",
    notice: null,
  },
};

export interface BulkScope {
  db: Db;
  organisationId: string;
  target: BulkTarget;
  now: Date;
}

/** The targeted users, always inside the admin's own organisation. */
export function targetWhere(scope: BulkScope): Prisma.UserWhereInput {
  const { target, organisationId } = scope;
  return target.kind === "ids" ? { organisationId, id: { in: target.ids } } : userFilterWhere({ ...scope, filter: target.filter });
}

export interface BulkPreview {
  /** Users the selection names (in this organisation). */
  selected: number;
  /** Of those, how many the action would change. */
  affected: number;
}

/**
 * Picked ids must all belong to the admin's organisation: one that does not (another
 * tenant's user, a deleted one) refuses the whole action rather than quietly skipping it.
 */
export async function foreignIds(scope: BulkScope): Promise<boolean> {
  if (scope.target.kind !== "ids") return false;
  const unique = new Set(scope.target.ids);
  const inOrganisation = await scope.db.user.count({ where: { organisationId: scope.organisationId, id: { in: [...unique] } } });
  return inOrganisation !== unique.size;
}

export type Refusal = { ok: false; reason: "foreign-users" };

export async function previewBulkAction(scope: BulkScope & { action: BulkAction }): Promise<({ ok: true } & BulkPreview) | Refusal> {
  if (await foreignIds(scope)) return { ok: false, reason: "foreign-users" };
  const where = targetWhere(scope);
  const [selected, affected] = await Promise.all([
    scope.db.user.count({ where }),
    scope.db.user.count({ where: { AND: [where, TRANSITIONS[scope.action].applies(scope.now)] } }),
  ]);
  return { ok: true, selected, affected };
}

export interface BulkResult extends BulkPreview {
  /** Selected users already in the target state: nothing was done to them. */
  unchanged: number;
}

// Ids per UPDATE/DELETE: within SQLite's and PostgreSQL's bound-parameter limits.
export const ID_BATCH = 5000;

/**
 * Applies one bulk 2FA action in a transaction: a read of the affected ids, a few
 * batched UPDATEs (and DELETEs of backup codes), one audit event and one email per affected user.
 */
export async function applyBulkAction(
  scope: BulkScope & { action: BulkAction; actor: AuditActor; ip: string },
): Promise<({ ok: true } & BulkResult) | Refusal> {
  if (await foreignIds(scope)) return { ok: false, reason: "foreign-users" };
  const transition = TRANSITIONS[scope.action];
  const where = targetWhere(scope);
  return scope.db.$transaction(
    async (tx) => {
      const selected = await tx.user.count({ where });
      const affected = await tx.user.findMany({
        where: { AND: [where, transition.applies(scope.now)] },
        select: { id: true, email: true, name: true, accountStatus: true },
      });
      for (let start = 0; start < affected.length; start += ID_BATCH) {
        const batch = affected.slice(start, start + ID_BATCH);
        const ids = batch.map((user) => user.id);
        await tx.user.updateMany({ where: { id: { in: ids }, organisationId: scope.organisationId }, data: transition.data });
        if (transition.clearsEnrolment) {
          await tx.backupCode.deleteMany({ where: { userId: { in: ids } } });
          // Passkeys are part of the enrolment: a Reset for a lost device must not leave that device's passkey working.
          await tx.webAuthnCredential.deleteMany({ where: { userId: { in: ids } } });
          await revokeUserSessions({ db: tx, userIds: ids, reason: transition.clearsEnrolment, now: scope.now });
          const reason = transition.clearsEnrolment === "two-factor-reset" ? "two-factor-reset" : "two-factor-disabled";
          // A temporary access code stood in for the enrolment that is now gone: it must not come back to life with the next one.
          await tx.temporaryAccessCode.deleteMany({ where: { userId: { in: ids }, usedAt: null } });
          await tx.recoveryRequest.updateMany({
            where: { userId: { in: ids }, closedAt: null },
            data: { closedAt: scope.now, closedById: scope.actor.id, closedHow: reason },
          });
          await forgetTrustedBrowsersAudited(tx, {
            organisationId: scope.organisationId,
            users: batch,
            actor: scope.actor,
            ip: scope.ip,
            reason,
            now: scope.now,
          });
        }
      }
      await recordAuditMany(
        tx,
        affected.map((target) => ({
          organisationId: scope.organisationId,
          type: transition.audit,
          actor: scope.actor,
          target,
          ip: scope.ip,
          at: scope.now,
        })),
      );
      const { notice } = transition;
      if (notice) {
        const { organisationId } = scope;
        await queueEmails(
          tx,
          affected.filter(receivesNotices).map((user) => notice({ ...user, organisationId })),
          { now: scope.now },
        );
      }
      return { ok: true as const, selected, affected: affected.length, unchanged: selected - affected.length };
    },
    { timeout: 60_000 },
  );
}
