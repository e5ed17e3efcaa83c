"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { db } from "@/lib/db";
import { findInvitation } from "@/lib/admin/invitations";
import { isErrorCode } from "@/lib/auth/errors";
import { pathAfterStep } from "@/lib/auth/login-flow";
import { newPasswordProblem } from "@/lib/auth/password-rules";
import { defineAction } from "@/lib/next/action";
import { endCurrentSession } from "@/lib/next/end-session";
import { loginOutcomeOfRequest } from "@/lib/next/request";
import { fail } from "@/lib/safe-action";
import { acceptInvitationSchema } from "@/lib/validations/invitation";

/**
 * The invitation page's form. Public (the person has no account to sign in with yet): the link's
 * token is the credential. The password is checked here first so the form can say what is wrong;
 * then Auth.js's sign-in runs the login flow's invitation step (lib/auth/login-flow.ts), which
 * consumes the token once, sets the password and starts the session under the usual rules.
 */
export const acceptInvitationAction = defineAction({ input: acceptInvitationSchema, access: "public" }, async (input) => {
  const invitation = await findInvitation({ db, token: input.token, now: new Date() });
  if (!invitation) return fail("INVITATION_INVALID");
  const problem = newPasswordProblem(input.password, invitation.email);
  if (problem) return fail("INVALID_INPUT", undefined, { password: [problem] });

  // Whoever was signed in in this browser is signed out first: the session that follows is the invited person's.
  await endCurrentSession();
  try {
    await signIn("credentials", { step: "invitation", token: input.token, password: input.password, redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    return fail(isErrorCode(error.code) ? error.code : "INVITATION_INVALID");
  }
  const outcome = loginOutcomeOfRequest();
  if (!outcome) return fail("INTERNAL");
  if (outcome.state === "refused") return fail(outcome.error);
  // Straight on: the setup wizard when their 2FA is required, else the dashboard.
  redirect(pathAfterStep({ passed: "invitation", state: outcome.state }));
});
