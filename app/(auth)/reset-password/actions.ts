"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { resetPassword } from "@/lib/auth/password-reset";
import { defineAction } from "@/lib/next/action";
import { fail } from "@/lib/safe-action";
import { resetPasswordSchema } from "@/lib/validations/password";

/** The link's one use: the new password, every session ended, then the login page (never signed in). */
export const resetPasswordWithLink = defineAction({ input: resetPasswordSchema, access: "public" }, async (input, { ip }) => {
  const result = await resetPassword({ db, token: input.token, password: input.password, ip, now: new Date() });
  if (result.ok) redirect("/login?notice=password-reset");
  if (result.reason === "weak-password") return fail("INVALID_INPUT", undefined, { password: [result.message] });
  return fail("LINK_INVALID");
});
