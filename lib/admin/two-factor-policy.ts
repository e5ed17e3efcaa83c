import "server-only";
import type { Db } from "@/lib/db";
import { auditedAuthor, recordAudit, type ChangeAuthor } from "@/lib/audit";
import { changedBy, isoOrNull, noticeFor, receivesNotices, twoFactorPolicyChangeInWords } from "@/lib/mail/notices";
import { queueEmails, queueEmailToAdmins } from "@/lib/mail/outbox";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The 2FA fields a user gets when created under the organisation's policy. */
export function twoFactorForNewUser(organisation: { requireTwoFactor: boolean; twoFactorGraceDays: number }, now: Date) {
  if (!organisation.requireTwoFactor) return { twoFactorStatus: "OFF" as const, twoFactorByPolicy: false, twoFactorDueAt: null };
  return {
    twoFactorStatus: "REQUIRED" as const,
    twoFactorByPolicy: true,
    twoFactorDueAt: organisation.twoFactorGraceDays ? new Date(now.getTime() + organisation.twoFactorGraceDays * DAY_MS) : null,
  };
}

/**
 * "Require 2FA for all users". Turning it on makes every user without 2FA Required (with
 * the grace period's deadline); turning it off releases those the policy had required,
 * but not the ones an admin required one by one.
 */
export async function setTwoFactorPolicy(
  options: {
    db: Db;
    organisationId: string;
    requireTwoFactor: boolean;
    graceDays: number;
    now: Date;
  } & ChangeAuthor,
): Promise<{ usersChanged: number }> {
  const { db, organisationId, requireTwoFactor, graceDays, now } = options;
  return db.$transaction(async (tx) => {
    const before = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { requireTwoFactor: true, twoFactorGraceDays: true },
    });
    await tx.organisation.update({ where: { id: organisationId }, data: { requireTwoFactor, twoFactorGraceDays: graceDays } });
    let count: number;
    if (requireTwoFactor) {
      const required = twoFactorForNewUser({ requireTwoFactor, twoFactorGraceDays: graceDays }, now);
      // Whom the policy now reaches, read before they change: each is told, with the deadline.
      const reached = await tx.user.findMany({
        where: { organisationId, twoFactorStatus: "OFF" },
        select: { email: true, name: true, accountStatus: true },
      });
      ({ count } = await tx.user.updateMany({ where: { organisationId, twoFactorStatus: "OFF" }, data: required }));
      await queueEmails(
        tx,
        reached
          .filter(receivesNotices)
          .map((user) => noticeFor({ ...user, organisationId }, "two-factor-required", { by: "policy", dueAt: isoOrNull(required.twoFactorDueAt) })),
        { now },
      );
    } else {
      ({ count } = await tx.user.updateMany({
        where: { organisationId, twoFactorStatus: "REQUIRED", twoFactorByPolicy: true },
        data: { twoFactorStatus: "OFF", twoFactorByPolicy: false, twoFactorDueAt: null },
      }));
    }
    await recordAudit(tx, {
      organisationId,
      type: "organisation.policy_changed",
      ...auditedAuthor(options, { requireTwoFactor, graceDays, usersChanged: count }),
      at: now,
    });
    const change = twoFactorPolicyChangeInWords(
      { requireTwoFactor: before.requireTwoFactor, graceDays: before.twoFactorGraceDays },
      { requireTwoFactor, graceDays, usersChanged: count },
    );
    if (change) await queueEmailToAdmins(tx, { template: "admin-policy-changed", organisationId, data: { change, by: changedBy(options) } }, { now });
    return { usersChanged: count };
  });
}
