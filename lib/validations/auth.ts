import { z } from "zod";
import { authenticationResponseSchema, ceremonyResponseField, passkeyNameSchema, registrationResponseSchema } from "@/lib/validations/passkey";
import { backupCodeSchema, temporaryAccessCodeSchema, totpCodeSchema } from "@/lib/validations/two-factor";

/** An email address, normalised; `whose` names it in the messages ("your" on the login form, "the user's" for an admin). */
export function emailAddressSchema(whose: "your" | "the user's") {
  return z
    .string()
    .trim()
    .toLowerCase()
    .min(1, `Enter ${whose} email address.`)
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address."));
}

export const emailSchema = emailAddressSchema("your");

export const loginSchema = z.object({
  email: emailSchema,
  // Any length is checked (and fails) like a wrong password; the cap only stops huge bodies.
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  callbackUrl: z.string().max(2048).optional(),
});

export type LoginInput = z.infer<typeof loginSchema>;

/** "Trust this browser for N days": a ticked checkbox posts "on"; JSON may send a boolean; Auth.js passes it on as "true"/"false". */
const trustBrowserField = z
  .union([z.boolean(), z.enum(["on", "true", "false"])])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/**
 * One step of the login, as the login route receives it and authorize() checks it again:
 * the password, an authenticator code, a backup code, the setup wizard's first code, or a
 * temporary access code.
 */
export const loginStepSchema = z.discriminatedUnion("step", [
  z.object({ step: z.literal("password"), email: emailSchema, password: loginSchema.shape.password }),
  z.object({ step: z.literal("totp"), code: totpCodeSchema, trustBrowser: trustBrowserField }),
  z.object({ step: z.literal("backup-code"), code: backupCodeSchema, trustBrowser: trustBrowserField }),
  z.object({ step: z.literal("setup"), code: totpCodeSchema }),
  z.object({ step: z.literal("temporary-code"), code: temporaryAccessCodeSchema }),
  // A passkey's answer (the assertion, as JSON): at the challenge, or alone on the login page.
  z.object({ step: z.literal("passkey"), response: ceremonyResponseField(authenticationResponseSchema), trustBrowser: trustBrowserField }),
  z.object({ step: z.literal("passkey-sign-in"), response: ceremonyResponseField(authenticationResponseSchema) }),
  // The setup wizard's other way: a new passkey's registration (JSON string) and its name.
  z.object({ step: z.literal("setup-passkey"), response: ceremonyResponseField(registrationResponseSchema), name: passkeyNameSchema }),
]);

export type LoginStepInput = z.infer<typeof loginStepSchema>;
