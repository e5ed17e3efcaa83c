import "server-only";
import type { Db } from "@/lib/db";
import type { LoginMethod } from "@/lib/generated/prisma/enums";
import { auditedAuthor, recordAudit, type ChangeAuthor } from "@/lib/audit";
import { changedBy, loginMethodChangeInWords } from "@/lib/mail/notices";
import { queueEmailToAdmins } from "@/lib/mail/outbox";

/** "Standard" or "Two-Factor Authentication" for the whole organisation; enrolments are kept either way. */
export async function setLoginMethod(
  options: {
    db: Db;
    organisationId: string;
    loginMethod: LoginMethod;
    now: Date;
  } & ChangeAuthor,
): Promise<void> {
  const { organisationId, loginMethod, now } = options;
  await options.db.$transaction(async (tx) => {
    const before = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { loginMethod: true } });
    await tx.organisation.update({ where: { id: organisationId }, data: { loginMethod }, select: { id: true } });
    await recordAudit(tx, {
      organisationId,
      type: "organisation.login_method_changed",
      ...auditedAuthor(options, { loginMethod }),
      at: now,
    });
    const change = loginMethodChangeInWords(before.loginMethod, loginMethod);
    if (change) await queueEmailToAdmins(tx, { template: "admin-policy-changed", organisationId, data: { change, by: changedBy(options) } }, { now });
  });
}

/** Whom a change of login method reaches: users with 2FA set up, and users who must set it up. */
export interface LoginMethodImpact {
  active: number;
  required: number;
}

/** Counted for the confirmation the admin sees before switching (Standard stops asking them; 2FA asks them again). */
export async function loginMethodImpact(options: { db: Db; organisationId: string }): Promise<LoginMethodImpact> {
  const groups = await options.db.user.groupBy({
    by: ["twoFactorStatus"],
    where: { organisationId: options.organisationId, twoFactorStatus: { in: ["ACTIVE", "REQUIRED"] } },
    _count: { _all: true },
  });
  const count = (status: string) => groups.find((group) => group.twoFactorStatus === status)?._count._all ?? 0;
  return { active: count("ACTIVE"), required: count("REQUIRED") };
}
