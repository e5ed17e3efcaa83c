"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { networkRateLimitedMessage } from "@/components/error-messages";
import { recordAudit } from "@/lib/audit";
import { defineAction } from "@/lib/auth/action";
import { finishTwoFactorLogin } from "@/lib/auth/finish-two-factor-login";
import { openSecondFactorStep } from "@/lib/auth/sessions";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { fail, ok } from "@/lib/safe-action";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { confirmSetupSchema } from "@/lib/validations/two-factor";

/** The wizard's secret and backup codes, for a login whose admin required 2FA. */
export const beginLoginSetup = defineAction({ input: z.undefined(), access: "two-factor" }, async (_input, { pending }) => {
  const user = await db.user.findUniqueOrThrow({ where: { id: pending.userId }, select: { email: true, twoFactorStatus: true } });
  if (user.twoFactorStatus !== "REQUIRED") return fail("FORBIDDEN");
  return ok(await beginEnrolment({ db, keyring: appKeyring(), userId: pending.userId, email: user.email }));
});

export const confirmLoginSetup = defineAction({ input: confirmSetupSchema, access: "two-factor" }, async (input, { pending, ip }) => {
  const now = new Date();
  if (!(await openSecondFactorStep({ db, sessionId: pending.sessionId, userId: pending.userId, now }))) return fail("LOGIN_EXPIRED");
  const result = await confirmEnrolment({ db, keyring: appKeyring(), userId: pending.userId, code: input.code, ip, now });
  if (!result.ok) {
    return fail(secondFactorError(result), result.reason === "rate-limited" ? networkRateLimitedMessage(result.retryAfterSeconds) : undefined);
  }
  const user = await db.user.findUniqueOrThrow({ where: { id: pending.userId }, select: { id: true, email: true, organisationId: true } });
  await recordAudit(db, { organisationId: user.organisationId, type: "two_factor.enrolled", actor: user, target: user, ip, at: now });
  if (!(await finishTwoFactorLogin({ ...pending, ip, method: "two-factor-setup", now }))) return fail("LOGIN_EXPIRED");
  redirect(safeRedirectPath(input.callbackUrl));
});
