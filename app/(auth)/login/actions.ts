"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { defineAction } from "@/lib/auth/action";
import { isErrorCode } from "@/lib/auth/errors";
import { stepPath } from "@/lib/auth/login-flow";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signInStepOfRequest } from "@/lib/next/request";
import { fail } from "@/lib/safe-action";
import { loginSchema } from "@/lib/validations/auth";

export const logIn = defineAction({ input: loginSchema, access: "public" }, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return fail(isErrorCode(error.code) ? error.code : "INVALID_CREDENTIALS");
    }
    throw error;
  }
  const target = safeRedirectPath(input.callbackUrl);
  // Where the login rule put the new session, decided once in authorize().
  const step = signInStepOfRequest() ?? "complete";
  redirect(step === "complete" ? target : stepPath(step, target));
});
