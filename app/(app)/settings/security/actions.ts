"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { networkRateLimitedMessage } from "@/components/error-messages";
import { recordAudit, type AuditType } from "@/lib/audit";
import { defineAction } from "@/lib/auth/action";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { recordSecondFactorPassed, signOutOtherSessionsOf } from "@/lib/auth/sessions";
import { fail, ok, type ActionCaller } from "@/lib/safe-action";
import { activateBackupCodes, createPendingBackupCodes } from "@/lib/two-factor/backup-codes";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { confirmSetupSchema, reauthenticateSchema } from "@/lib/validations/two-factor";

const audit = (caller: ActionCaller, type: AuditType, ip: string) =>
  recordAudit(db, { organisationId: caller.organisationId, type, actor: caller, target: caller, ip });

/** Voluntary set-up, for a user whose 2FA is not active yet. */
export const beginSelfSetup = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller }) => {
  const user = await db.user.findUniqueOrThrow({ where: { id: caller.id }, select: { twoFactorStatus: true } });
  if (user.twoFactorStatus === "ACTIVE") return fail("FORBIDDEN");
  return ok(await beginEnrolment({ db, keyring: appKeyring(), userId: caller.id, email: caller.email }));
});

/** Changing the authenticator of an active user: password and a current code first. */
export const beginAuthenticatorChange = defineAction({ input: reauthenticateSchema, access: "user" }, async (input, { caller, ip }) => {
  const keyring = appKeyring();
  const check = await reauthenticate({ db, keyring, userId: caller.id, ...input, ip, now: new Date() });
  if (!check.ok) return fail(check.error);
  return ok(await beginEnrolment({ db, keyring, userId: caller.id, email: caller.email }));
});

/** Confirms either of the two above with a code from the new authenticator. */
export const confirmSelfSetup = defineAction({ input: confirmSetupSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await confirmEnrolment({ db, keyring: appKeyring(), userId: caller.id, code: input.code, ip, now: new Date() });
  if (!result.ok) {
    return fail(secondFactorError(result), result.reason === "rate-limited" ? networkRateLimitedMessage(result.retryAfterSeconds) : undefined);
  }
  // This session has just proved the new authenticator: it stays signed in, while the
  // user's other password-only sessions are sent to the challenge.
  await recordSecondFactorPassed({ db, sessionId: caller.sessionId, userId: caller.id, method: "two-factor-setup" });
  await audit(caller, "two_factor.enrolled", ip);
  return ok();
});

export const regenerateBackupCodes = defineAction({ input: reauthenticateSchema, access: "user" }, async (input, { caller, ip }) => {
  const check = await reauthenticate({ db, keyring: appKeyring(), userId: caller.id, ...input, ip, now: new Date() });
  if (!check.ok) return fail(check.error);
  const codes = await createPendingBackupCodes({ db, userId: caller.id });
  await db.$transaction((tx) => activateBackupCodes(tx, caller.id));
  await audit(caller, "two_factor.backup_codes_regenerated", ip);
  return ok(codes);
});

/** Ends every other session of this user; this one goes on untouched. */
export const signOutOtherSessions = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller, ip }) => {
  const ended = await signOutOtherSessionsOf({ db, caller, ip, now: new Date() });
  return ok({ ended });
});
