"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/auth/action";
import { isErrorCode } from "@/lib/auth/errors";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { stepPath } from "@/lib/auth/pending-login-step";
import { loginStep } from "@/lib/two-factor/login-step";
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
  const user = await db.user.findUniqueOrThrow({
    where: { email: input.email },
    select: { twoFactorStatus: true, twoFactorDueAt: true },
  });
  const step = loginStep(user, new Date());
  redirect(step === "app" ? target : stepPath(step, target));
});
