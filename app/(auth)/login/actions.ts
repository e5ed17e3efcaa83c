"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { defineAction } from "@/lib/auth/action";
import { isErrorCode } from "@/lib/auth/errors";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
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
  redirect(safeRedirectPath(input.callbackUrl));
});
