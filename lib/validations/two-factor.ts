import { z } from "zod";

export const totpCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

export const backupCodeSchema = z.string().trim().min(1, "Enter one of your backup codes.").max(40, "That is longer than a backup code.");

/** An admin-issued temporary access code: the backup code's format (checked when it is compared). */
export const temporaryAccessCodeSchema = z
  .string()
  .trim()
  .min(1, "Enter the temporary access code your admin gave you.")
  .max(40, "That is longer than a temporary access code.");

const callbackUrl = z.string().max(2048).optional();

export const challengeSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: totpCodeSchema, callbackUrl }),
  z.object({ method: z.literal("backup-code"), code: backupCodeSchema, callbackUrl }),
]);

export const confirmSetupSchema = z.object({ code: totpCodeSchema, callbackUrl });

/** How a step-up proves the second factor: an authenticator code, a backup code, or a passkey's answer. */
export const stepUpMethodSchema = z.enum(["totp", "backup-code", "passkey"]).default("totp");

/** A passkey's answer to a step-up challenge (JSON, checked in full where it is verified). */
const passkeyAnswerSchema = z.string().min(1, "Confirm with your passkey first.").max(16_000, "Your passkey's answer is too large.");

/** The second factor of a step-up, checked in the format of its method (`code` is the passkey's answer for "passkey"). */
export function stepUpCodeOf(method: "totp" | "backup-code" | "passkey", code: string, context: z.RefinementCtx) {
  const schema = method === "totp" ? totpCodeSchema : method === "backup-code" ? backupCodeSchema : passkeyAnswerSchema;
  const parsed = schema.safeParse(code);
  if (parsed.success) return parsed.data;
  context.addIssue({ code: "custom", message: parsed.error.issues[0]!.message, path: ["code"] });
  return z.NEVER;
}

const stepUpShape = {
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  method: stepUpMethodSchema,
  code: z.string().max(16_000, "That is longer than a code.").default(""),
};

/** A form that confirms a sensitive change (the password and a second factor) plus its own fields. */
export function stepUpSchema<S extends z.ZodRawShape>(fields: S) {
  return z.object({ ...stepUpShape, ...fields }).transform((input, context) => {
    // (Generic over `fields`, TypeScript loses the step-up's own keys here.)
    const stepUp = input as unknown as { method: "totp" | "backup-code" | "passkey"; code: string };
    return { ...input, method: stepUp.method, code: stepUpCodeOf(stepUp.method, stepUp.code, context) };
  });
}

/** Re-authentication for sensitive changes: the password and a second factor (a current code, a backup code or a passkey). */
export const reauthenticateSchema = stepUpSchema({});

/**
 * The clock drift a refused plain form post came back with (`?drift=`): whole minutes, +fast or
 * −slow, at most ten either way (lib/two-factor/totp.ts); anything else is ignored.
 */
export const clockDriftParamSchema = z.coerce
  .number()
  .int()
  .min(-10)
  .max(10)
  .refine((minutes) => minutes !== 0)
  .optional()
  .catch(undefined);
