"use server";

import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { stepUpRefusal } from "./admin-step-up";
import { issueTemporaryAccessCode, type IssueRefusal } from "@/lib/two-factor/temporary-access-code";
import { dismissRecoveryRequest } from "@/lib/recovery/recovery-requests";
import { dismissRecoveryRequestSchema, issueTemporaryCodeSchema } from "@/lib/validations/recovery";

// Recovery (issue 14): an admin issues a temporary access code (stepped up like Disable/Reset)
// or dismisses a recovery request. Beside actions.ts so the two change independently.

const REFUSED: Record<Exclude<IssueRefusal["reason"], "not-confirmed">, string> = {
  "unknown-user": "That user is not in your organisation any more. Reload the page.",
  self: "You cannot issue a temporary access code for yourself. Ask another admin of your organisation.",
  "not-enrolled":
    "This user has no active two-factor authentication, so there is nothing for a temporary access code to stand in for. Nothing was changed.",
  "invalid-hours": "A code is valid for 1 to 8 whole hours.",
};

/** Issue temporary access code: the plain code comes back once, for the admin to pass on by phone or in person. */
export const issueTemporaryCodeAction = defineAction({ input: issueTemporaryCodeSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await issueTemporaryAccessCode({
    db,
    keyring: appKeyring(),
    organisationId: caller.organisationId,
    userId: input.userId,
    hours: input.hours,
    actor: caller,
    confirmation: input.confirmation,
    ip,
    now: new Date(),
    sessionId: caller.sessionId,
  });
  if (result.ok) return ok({ code: result.code, expiresAt: result.expiresAt.toISOString(), name: result.user.name });
  if (result.reason === "not-confirmed") return stepUpRefusal(result.confirmation);
  return fail(result.reason === "unknown-user" ? "FORBIDDEN" : "INVALID_INPUT", REFUSED[result.reason]);
});

/** Dismiss a recovery request (no code): closed and audited. */
export const dismissRecoveryRequestAction = defineAction({ input: dismissRecoveryRequestSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await dismissRecoveryRequest({
    db,
    organisationId: caller.organisationId,
    requestId: input.requestId,
    actor: caller,
    ip,
    now: new Date(),
  });
  return result.ok ? ok() : fail("INVALID_INPUT", "This request is no longer open (another admin dealt with it). Reload the page.");
});
