import { z } from "zod";

/** Longer than any token the product makes (43 characters); anything longer is not ours and is not even hashed. */
export const INVITATION_TOKEN_MAX_LENGTH = 256;

/** The link's token: anything longer than ours, or empty, is simply not a valid invitation. */
export const invitationTokenSchema = z.string().max(INVITATION_TOKEN_MAX_LENGTH).catch("");

/** The invitation page's form: the token (hidden field) and the new password, typed twice. */
export const acceptInvitationSchema = z
  .object({
    token: invitationTokenSchema,
    // The rules (length, common passwords, the email) are checked on the server with the address: lib/auth/password-rules.ts.
    password: z.string().max(1024, "Use at most 128 characters."),
    confirmPassword: z.string().max(1024),
  })
  .refine((value) => value.password === value.confirmPassword || value.password === "", {
    path: ["confirmPassword"],
    message: "The two passwords are not the same.",
  });

/** The sign-in step an accepted invitation takes inside Auth.js's authorize() (never through /api/login). */
export const invitationStepSchema = z.object({
  step: z.literal("invitation"),
  token: z.string().min(1).max(INVITATION_TOKEN_MAX_LENGTH),
  password: z.string().min(1).max(1024),
});
