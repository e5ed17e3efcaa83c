import { z } from "zod";
import { adminConfirmationSchema } from "@/lib/validations/admin";

/** "Lost your phone and backup codes?": an optional message to the admins, as plain text. */
export const recoveryRequestSchema = z.object({
  message: z
    .string()
    .trim()
    .max(500, "Keep your message to 500 characters or fewer.")
    .optional()
    .transform((value) => value || null),
});

const id = z.string().min(1).max(64);

/** An admin issues a temporary access code: valid 1 to 8 whole hours, stepped up. */
export const issueTemporaryCodeSchema = z.object({
  userId: id,
  hours: z.coerce
    .number({ error: "Choose how long the code is valid." })
    .int("Choose a whole number of hours.")
    .min(1, "A code is valid for at least 1 hour.")
    .max(8, "A code is valid for at most 8 hours."),
  confirmation: adminConfirmationSchema.optional(),
});

export const dismissRecoveryRequestSchema = z.object({ requestId: id });
