"use server";

import { db } from "@/lib/db";
import { defineAction } from "@/lib/next/action";
import { currentUserAgent } from "@/lib/next/request";
import { openSecondFactorStep } from "@/lib/auth/sessions";
import { requestRecovery } from "@/lib/recovery/recovery-requests";
import { formatTime } from "@/lib/mail/templates";
import { fail, ok } from "@/lib/safe-action";
import { recoveryRequestSchema } from "@/lib/validations/recovery";

/** "Send request to my admins": only a login waiting at its challenge (it passed the password step). */
export const sendRecoveryRequest = defineAction({ input: recoveryRequestSchema, access: "two-factor" }, async (input, { pending, ip }) => {
  const now = new Date();
  if (pending.step !== "challenge" || !(await openSecondFactorStep({ db, sessionId: pending.sessionId, userId: pending.userId, now }))) {
    return fail("LOGIN_EXPIRED");
  }
  const result = await requestRecovery({ db, userId: pending.userId, message: input.message, ip, userAgent: await currentUserAgent(), now });
  if (result.ok) return ok({ status: result.status, at: result.at.toISOString() });
  if (result.reason === "too-many") {
    return fail(
      "RATE_LIMITED",
      `You have already sent 3 requests in the last 24 hours, so your admins have them. You can send another after ${formatTime(result.retryAt)}.`,
    );
  }
  return fail("FORBIDDEN", "Two-factor authentication is not set up for your account, so there is nothing to recover. Log in again.");
});
