import "server-only";
import type { Db } from "@/lib/db";
import type { LoginMethod } from "@/lib/generated/prisma/enums";
import { auditedAuthor, recordAudit, type ChangeAuthor } from "@/lib/audit";

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
    await tx.organisation.update({ where: { id: organisationId }, data: { loginMethod }, select: { id: true } });
    await recordAudit(tx, {
      organisationId,
      type: "organisation.login_method_changed",
      ...auditedAuthor(options, { loginMethod }),
      at: now,
    });
  });
}
