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

/** Re-authentication for sensitive changes: the password and a current 2FA code. */
export const reauthenticateSchema = z
  .object({
    password: z.string().min(1, "Enter your password.").max(1024),
    code: z.string().max(64).optional(),
    // A user with passkeys and no app confirms with a passkey's answer (JSON) to a step-up challenge of this session.
    passkey: z.string().min(1).max(16_000).optional(),
  })
  .transform((value, context) => {
    if (value.passkey) return { password: value.password, code: "", passkey: value.passkey };
    const code = totpCodeSchema.safeParse(value.code ?? "");
    if (code.success) return { password: value.password, code: code.data };
    context.addIssue({
      code: "custom",
      path: ["code"],
      message: code.error.issues[0]?.message ?? "Enter the 6-digit code from your authenticator app.",
    });
    return z.NEVER;
  });

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
