"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { networkRateLimitedMessage } from "@/components/error-messages";
import { recordAudit } from "@/lib/audit";
import { defineAction } from "@/lib/auth/action";
import { finishTwoFactorLogin } from "@/lib/auth/finish-two-factor-login";
import { openSecondFactorStep } from "@/lib/auth/sessions";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { fail } from "@/lib/safe-action";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { challengeSchema } from "@/lib/validations/two-factor";

export const verifyLoginCode = defineAction({ input: challengeSchema, access: "two-factor" }, async (input, { pending, ip }) => {
  const now = new Date();
  if (!(await openSecondFactorStep({ db, sessionId: pending.sessionId, userId: pending.userId, now }))) return fail("LOGIN_EXPIRED");
  const result = await verifySecondFactor({
    db,
    keyring: appKeyring(),
    userId: pending.userId,
    method: input.method,
    code: input.code,
    ip,
    now,
  });
  const user = await db.user.findUniqueOrThrow({
    where: { id: pending.userId },
    select: { id: true, email: true, organisationId: true },
  });
  if (!result.ok) {
    if (result.reason === "wrong-code" || result.reason === "replayed") {
      await recordAudit(db, {
        organisationId: user.organisationId,
        type: result.reason === "replayed" ? "two_factor.replayed" : result.lock.kind === "open" ? "two_factor.failed" : "two_factor.locked",
        actor: user,
        target: user,
        ip,
        detail: { method: input.method },
        at: now,
      });
    }
    return fail(secondFactorError(result), result.reason === "rate-limited" ? networkRateLimitedMessage(result.retryAfterSeconds) : undefined);
  }
  if (input.method === "backup-code") {
    await recordAudit(db, { organisationId: user.organisationId, type: "two_factor.backup_code_used", actor: user, target: user, ip, at: now });
  }
  if (!(await finishTwoFactorLogin({ ...pending, ip, method: input.method, now }))) return fail("LOGIN_EXPIRED");
  redirect(safeRedirectPath(input.callbackUrl));
});
