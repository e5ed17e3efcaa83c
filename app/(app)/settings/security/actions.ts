"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { ERROR_MESSAGES, networkRateLimitedMessage } from "@/components/error-messages";
import { defineAction } from "@/lib/next/action";
import { signOutOtherSessionsOf } from "@/lib/auth/sessions";
import { changePassword } from "@/lib/auth/change-password";
import { fail, ok } from "@/lib/safe-action";
import * as selfEnrolment from "@/lib/two-factor/begin-self-enrolment";
import { confirmSelfEnrolment, confirmSelfPasskeyEnrolment } from "@/lib/two-factor/confirm-self-enrolment";
import { selfPasskeyEnrolmentOptions } from "@/lib/two-factor/enrol-passkey";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { passkeySetupSchema } from "@/lib/validations/passkey";
import * as backupCodes from "@/lib/two-factor/regenerate-backup-codes";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { confirmSetupSchema, reauthenticateSchema } from "@/lib/validations/two-factor";
import { changePasswordSchema, currentPasswordSchema } from "@/lib/validations/password";

/** Voluntary set-up, for a user whose 2FA is not active yet. */
export const beginSelfSetup = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller }) => {
  const result = await selfEnrolment.beginSelfSetup({ db, keyring: appKeyring(), user: caller });
  return result.ok ? ok(result.material) : fail("FORBIDDEN");
});

/** Changing the authenticator of an active user: password and a current code first. */
export const beginAuthenticatorChange = defineAction({ input: reauthenticateSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await selfEnrolment.beginAuthenticatorChange({
    db,
    keyring: appKeyring(),
    user: caller,
    ...input,
    sessionId: caller.sessionId,
    ip,
    now: new Date(),
  });
  return result.ok ? ok(result.material) : fail(result.error);
});

/** Confirms either of the two above with a code from the new authenticator. */
export const confirmSelfSetup = defineAction({ input: confirmSetupSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await confirmSelfEnrolment({
    db,
    keyring: appKeyring(),
    user: caller,
    sessionId: caller.sessionId,
    code: input.code,
    ip,
    now: new Date(),
  });
  if (!result.ok) {
    return fail(secondFactorError(result), result.reason === "rate-limited" ? networkRateLimitedMessage(result.retryAfterSeconds) : undefined);
  }
  return ok();
});

export const regenerateBackupCodes = defineAction({ input: reauthenticateSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await backupCodes.regenerateBackupCodes({
    db,
    keyring: appKeyring(),
    user: caller,
    ...input,
    sessionId: caller.sessionId,
    ip,
    now: new Date(),
  });
  return result.ok ? ok(result.codes) : fail(result.error);
});

/** Ends every other session of this user; this one goes on untouched. */
export const signOutOtherSessions = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller, ip }) => {
  const ended = await signOutOtherSessionsOf({ db, caller, ip, now: new Date() });
  return ok({ ended });
});

/** A new password: the current one (and a current code when 2FA is on); every other session ends. */
export const changeOwnPassword = defineAction({ input: changePasswordSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await changePassword({
    db,
    keyring: appKeyring(),
    user: caller,
    currentPassword: input.currentPassword,
    newPassword: input.newPassword,
    code: input.code,
    ip,
    now: new Date(),
  });
  if (result.ok) return ok({ ended: result.ended });
  if (result.error === "INVALID_INPUT" && result.field) return fail("INVALID_INPUT", undefined, { [result.field]: [result.message ?? ""] });
  return fail(result.error);
});

/** The voluntary set-up's other way: registration options for a passkey, bound to this session. */
export const selfSetupPasskeyOptions = defineAction({ input: currentPasswordSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await selfPasskeyEnrolmentOptions({
    db,
    rp: relyingParty(),
    userId: caller.id,
    sessionId: caller.sessionId,
    password: input.password,
    ip,
    now: new Date(),
  });
  if (result.ok) return ok(result.options);
  return result.error === "WRONG_PASSWORD" ? fail("INVALID_INPUT", undefined, { password: [ERROR_MESSAGES.WRONG_PASSWORD] }) : fail(result.error);
});

/** Finishes the voluntary set-up with the new passkey instead of an app's code. */
export const confirmSelfSetupWithPasskey = defineAction({ input: passkeySetupSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await confirmSelfPasskeyEnrolment({
    db,
    rp: relyingParty(),
    user: caller,
    sessionId: caller.sessionId,
    response: input.response,
    name: input.name,
    ip,
    now: new Date(),
  });
  if (result.ok) return ok();
  return fail(result.reason === "no-enrolment" || result.reason === "step-closed" ? "FORBIDDEN" : "PASSKEY_NOT_REGISTERED");
});
