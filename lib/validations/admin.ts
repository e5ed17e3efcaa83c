import { z } from "zod";
import { hasNoNul, NUL_MESSAGE } from "@/lib/validations/text";
import { USER_ROLES } from "@/lib/admin/user-role";
import { TWO_FACTOR_STATUSES } from "@/lib/two-factor/status";
import { emailAddressSchema } from "@/lib/validations/auth";
import { backupCodeSchema, totpCodeSchema } from "@/lib/validations/two-factor";

export const USER_SORTS = ["name", "email", "role", "status", "lastLogin"] as const;
export const PAGE_SIZE = 50;

export type UserSort = (typeof USER_SORTS)[number];

/**
 * A multi-choice filter as the URL carries it: "locked" or "off,required" (or the key repeated).
 * Unknown values are dropped, the rest listed once in their canonical order; none means no filter.
 */
function urlChoices<const T extends readonly string[]>(values: T) {
  return z.preprocess(
    (raw) => (Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : "").split(","),
    z.array(z.string()).transform((picked) => values.filter((value) => picked.includes(value)) as T[number][]),
  );
}

/** The table's view as it lives in the URL; anything malformed falls back to the default. */
export const userTableParamsSchema = z.object({
  q: z.string().trim().max(100).refine(hasNoNul).catch(""),
  /** 2FA statuses to show (none: all). */
  status: urlChoices(TWO_FACTOR_STATUSES).catch([]),
  /** Roles to show (none: all). */
  role: urlChoices(USER_ROLES).catch([]),
  sort: z.enum(USER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  after: z.string().max(600).optional().catch(undefined),
  before: z.string().max(600).optional().catch(undefined),
  page: z.enum(["last"]).optional().catch(undefined),
});

export type UserTableParams = z.infer<typeof userTableParamsSchema>;

/** Which users a search and the toolbar's filters match: also what "all matching" sends to a bulk action. */
export const userFilterSchema = z.object({
  q: z.string().trim().max(100).default(""),
  /** Any of these 2FA statuses; none: every status. */
  status: z.array(z.enum(TWO_FACTOR_STATUSES)).max(TWO_FACTOR_STATUSES.length).default([]),
  /** Any of these roles; none: every role. */
  role: z.array(z.enum(USER_ROLES)).max(USER_ROLES.length).default([]),
});

export type UserFilter = z.infer<typeof userFilterSchema>;

/** Which users a bulk action targets: picked rows, or every user matching a search. */
export const bulkTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), ids: z.array(z.string().min(1).max(64)).min(1, "Select at least one user.").max(1000) }),
  z.object({ kind: z.literal("matching"), filter: userFilterSchema }),
]);

export type BulkTarget = z.infer<typeof bulkTargetSchema>;

export const BULK_ACTIONS = ["enable", "disable", "reset", "unlock"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/**
 * Disable and Reset need the admin to confirm: with a current authenticator code or a backup
 * code if they have 2FA, with their password only if they have none (the server checks which).
 */
export const adminConfirmationSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password"), password: z.string().min(1, "Enter your password.").max(1024) }),
  z.object({ method: z.literal("totp"), code: totpCodeSchema }),
  z.object({ method: z.literal("backup-code"), code: backupCodeSchema }),
  // A passkey's answer (JSON) to a step-up challenge of the admin's session; checked by verifySecondFactor.
  z.object({ method: z.literal("passkey"), answer: z.string().min(1, "Confirm with your passkey.").max(16_000) }),
]);

export const bulkActionSchema = z.object({
  action: z.enum(BULK_ACTIONS),
  target: bulkTargetSchema,
  confirmation: adminConfirmationSchema.optional(),
});

/** Remove users: always confirmed by the admin (the server checks with what). */
export const removeUsersSchema = z.object({
  target: bulkTargetSchema,
  /** How many users the admin saw in the selection: a search that matches more by now removes nobody. */
  expectedCount: z.number().int().min(1),
  confirmation: adminConfirmationSchema.optional(),
});

export const previewSchema = z.object({ action: z.enum(BULK_ACTIONS), target: bulkTargetSchema });

export const policySchema = z.object({
  requireTwoFactor: z.boolean(),
  graceDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(0, "The grace period cannot be negative.")
    .max(90, "The grace period can be at most 90 days."),
});

export const loginMethodPreviewSchema = z.object({});

/** Switching to Standard stops asking anyone for a code: confirmed by the admin like Disable 2FA. */
export const loginMethodSchema = z.object({ loginMethod: z.enum(["STANDARD", "TWO_FACTOR"]), confirmation: adminConfirmationSchema.optional() });

export const addUserSchema = z.object({
  name: z.string().trim().min(1, "Enter the user's name.").max(100, "That name is too long."),
  email: emailAddressSchema("the user's"),
  role: z.enum(["ADMIN", "MEMBER"]),
});

/** Resend or revoke one invited user's invitation (a row action). */
export const invitationActionSchema = z.object({ userId: z.string().min(1).max(64) });

export const accessListEntrySchema = z.object({
  cidr: z.string().max(100, "That is too long for an address or range."),
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
  /** The admin confirmed a range broader than /8 (IPv4) or /32 (IPv6); the server refuses one without it. */
  confirmBroad: z.boolean().default(false),
});

export const accessListChangeSchema = z.discriminatedUnion("kind", [
  accessListEntrySchema.extend({ kind: z.literal("add") }),
  accessListEntrySchema.extend({ kind: z.literal("update"), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal("remove"), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal("switch"), enabled: z.boolean() }),
]);

export const checkIpSchema = z.object({ ip: z.string().trim().min(1, "Enter an IP address.").max(64) });

/**
 * The users table's search and filters as the CSV export's URL carries them (`q`, `status` and
 * `role`, comma-separated like the table's). Unlike the table, which falls back to its default
 * view, an export refuses what it cannot read: a file must hold exactly what was asked for.
 */
function exportChoices<const T extends readonly string[]>(values: T, noun: string) {
  return z
    .string()
    .max(200)
    .default("")
    .transform((raw, context) => {
      const picked = raw.split(",").filter(Boolean);
      const unknown = picked.filter((value) => !values.includes(value));
      if (unknown.length > 0) {
        context.addIssue({ code: "custom", message: `Unknown ${noun} "${unknown[0]}": use ${values.join(", ")}.` });
        return z.NEVER;
      }
      return values.filter((value) => picked.includes(value)) as T[number][];
    });
}

export const userExportParamsSchema = z.object({
  q: z.string().trim().max(100, "The search can be at most 100 characters.").refine(hasNoNul, NUL_MESSAGE).default(""),
  status: exportChoices(TWO_FACTOR_STATUSES, "2FA status"),
  role: exportChoices(USER_ROLES, "role"),
}) satisfies z.ZodType<UserFilter, unknown>;
