import { z } from "zod";
import { adminConfirmationSchema } from "@/lib/validations/admin";

// Trusted browsers and sessions: the organisation setting, and the actions on one row.

/** Admin > Login and 2FA > Remember this browser: Off, 7 or 30 days, nothing else. */
export const trustedBrowserDaysSchema = z.object({
  days: z.union([z.literal(0), z.literal(7), z.literal(30)], { error: "Choose Off, 7 days or 30 days." }),
  /** Letting browsers skip the code for longer is stepped up like switching to Standard. */
  confirmation: adminConfirmationSchema.optional(),
});

/** A user of the admin's organisation, from a row of the users table. */
export const userRowActionSchema = z.object({ userId: z.string().min(1).max(64) });

/** One of the caller's own trusted browsers ("Forget"). */
export const trustedBrowserIdSchema = z.object({ id: z.string().min(1).max(64) });

/** One of the caller's own sessions ("Sign out"), by the handle the list gave it. */
export const sessionHandleSchema = z.object({ handle: z.string().min(1).max(64) });
