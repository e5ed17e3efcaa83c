import { z } from "zod";
import { newPasswordProblem } from "@/lib/auth/password-rules";
import { emailSchema } from "@/lib/validations/auth";
import { stepUpCodeOf, stepUpMethodSchema } from "@/lib/validations/two-factor";

export { NEW_PASSWORD_HINT } from "@/lib/validations/password-hint";

/** A new password under the product's rules (the email's part is checked where the email is known). */
const newPasswordField = z.string().superRefine((value, context) => {
  const problem = newPasswordProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const SAME = "The two passwords are not the same.";

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z
  .object({
    // 32 random bytes in base64url: 43 characters; anything far longer is not a link of ours.
    token: z.string().min(1, "This link is no longer valid.").max(200, "This link is no longer valid."),
    password: newPasswordField,
    confirmPassword: z.string().max(1024),
  })
  .refine((input) => input.password === input.confirmPassword, { message: SAME, path: ["confirmPassword"] });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024, "That password is too long."),
    // Only asked when the user's 2FA is on (the server decides whether it is needed).
    method: stepUpMethodSchema,
    // A code, or the passkey's answer (JSON) for method "passkey".
    code: z.string().max(16_000, "That is longer than a code.").optional(),
    newPassword: newPasswordField,
    confirmPassword: z.string().max(1024),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { message: SAME, path: ["confirmPassword"] })
  .transform((input, context) => {
    const typed = input.code?.trim() ?? "";
    if (!typed) return { ...input, code: undefined };
    // A code that does not fit its method is an issue here, and the parse fails.
    return { ...input, code: { method: input.method, value: stepUpCodeOf(input.method, typed, context) } };
  });

/** The signed-in user's current password, to confirm a change (checked and throttled on the server). */
export const currentPasswordSchema = z.object({ password: z.string().min(1, "Enter your password.").max(1024, "That password is too long.") });
