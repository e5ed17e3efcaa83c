import { z } from "zod";
import { emailSchema } from "@/lib/validations/auth";
import { NEW_PASSWORD_MAX, NEW_PASSWORD_MIN, newPasswordProblem } from "@/lib/auth/password-rules";

export const OPERATOR_REASON_MAX_LENGTH = 500;

// Control characters could rewrite the operator's terminal or forge lines in the audit export.
const printable = (value: string) => !/\p{Cc}/u.test(value);

export const organisationSlugSchema = z
  .string()
  .trim()
  .min(1, "Give the organisation's slug with --org.")
  .max(100, "That is too long for an organisation slug.")
  .refine(printable, "The organisation slug contains control characters.");

/** Every operator change is audited with a reason. */
const reasonSchema = z
  .string({ error: 'Give a reason with --reason "<why>"; it is written to the audit log.' })
  .trim()
  .min(1, 'Give a reason with --reason "<why>"; it is written to the audit log.')
  .max(OPERATOR_REASON_MAX_LENGTH, `Keep the reason under ${OPERATOR_REASON_MAX_LENGTH} characters.`)
  .refine(printable, "Keep the reason on one line, without control characters.");

const json = z.boolean().default(false);
const yes = z.boolean().default(false);

/** `twofold access-list disable`: the break-glass is always audited with a reason. */
export const accessListDisableArgsSchema = z.object({ org: organisationSlugSchema, reason: reasonSchema, yes });

export const accessListShowArgsSchema = z.object({ org: organisationSlugSchema });

/** A new organisation's slug: what URLs and commands name it by. */
const newSlugSchema = z
  .string({ error: "Give the new organisation's slug with --slug." })
  .trim()
  .min(1, "Give the new organisation's slug with --slug.")
  .max(63, "Keep the slug to 63 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and inner hyphens for the slug (for example acme-qa).");

const nameSchema = (flag: string, what: string) =>
  z
    .string({ error: `Give ${what} with --${flag} "<name>".` })
    .trim()
    .min(1, `Give ${what} with --${flag} "<name>".`)
    .max(100, `Keep ${what} under 100 characters.`)
    .refine(printable, `Keep ${what} on one line, without control characters.`);

const emailFlag = (flag: string) =>
  z
    .string({ error: `Give the email address with --${flag}.` })
    .trim()
    .min(1, `Give the email address with --${flag}.`)
    .pipe(emailSchema);

/**
 * A password read from the first line of stdin (never from the command line), under the
 * product's rules for a new password (lib/auth/password-rules.ts) for the account's `email`.
 */
export const operatorPasswordSchema = (email: string) =>
  z
    .string()
    .min(1, "Give the password on the first line of stdin (it is never taken from the command line).")
    .min(NEW_PASSWORD_MIN, `The password (first line of stdin) needs at least ${NEW_PASSWORD_MIN} characters.`)
    .max(NEW_PASSWORD_MAX, `The password (first line of stdin) can have at most ${NEW_PASSWORD_MAX} characters.`)
    .superRefine((password, context) => {
      const problem = newPasswordProblem(password, email);
      if (problem) context.addIssue({ code: "custom", message: `The password (first line of stdin) is refused: ${problem}` });
    });

/** `twofold org create`: the first admin's password comes from stdin, checked separately. */
export const orgCreateArgsSchema = z.object({
  slug: newSlugSchema,
  name: nameSchema("name", "the organisation's name"),
  adminEmail: emailFlag("admin-email"),
  adminName: nameSchema("admin-name", "the admin's name").optional(),
  json,
});

export const orgDeleteArgsSchema = z.object({ org: organisationSlugSchema, reason: reasonSchema, yes });

const LOGIN_METHODS = { "two-factor": "TWO_FACTOR", standard: "STANDARD" } as const;

/** `twofold org policy`: any of the admin page's settings, at least one. */
export const orgPolicyArgsSchema = z
  .object({
    org: organisationSlugSchema,
    loginMethod: z
      .enum(["two-factor", "standard"], { error: "Give --login-method as two-factor or standard." })
      .transform((value) => LOGIN_METHODS[value])
      .optional(),
    requireTwoFactor: z
      .enum(["on", "off"], { error: "Give --require-2fa as on or off." })
      .transform((value) => value === "on")
      .optional(),
    graceDays: z
      .string()
      .regex(/^\d{1,3}$/, "Give --grace-days as a whole number of days, 0 to 90.")
      .transform(Number)
      .pipe(z.number().max(90, "The grace period can be at most 90 days."))
      .optional(),
    reason: reasonSchema,
    json,
  })
  .refine((args) => [args.loginMethod, args.requireTwoFactor, args.graceDays].some((value) => value !== undefined), {
    error: "Say what to change: --login-method, --require-2fa and/or --grace-days.",
  });

export const usersCreateArgsSchema = z.object({
  org: organisationSlugSchema,
  email: emailFlag("email"),
  name: nameSchema("name", "the user's name").optional(),
  role: z
    .enum(["member", "admin"], { error: "Give --role as member or admin." })
    .default("member")
    .transform((value) => (value === "admin" ? ("ADMIN" as const) : ("MEMBER" as const))),
  json,
});

export const usersDeleteArgsSchema = z.object({ org: organisationSlugSchema, email: emailFlag("email"), reason: reasonSchema, yes });

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** How far an operator may move a deadline, either way. */
const MAX_SHIFT_MS = 366 * UNIT_MS.d;

/** When a grace period ends: now, a signed offset from now (+30m, +2h, +3d, -1m), or an ISO-8601 time with its zone. */
export type Until = { kind: "offset"; ms: number } | { kind: "at"; at: Date };

const untilSchema = z
  .string({ error: "Give the new deadline with --until (now, +30m, +2h, +3d, -1m, or an ISO-8601 time such as 2030-01-31T12:00:00Z)." })
  .trim()
  .transform((value, context): Until => {
    if (value === "now") return { kind: "offset", ms: 0 };
    const offset = /^([+-])(\d{1,6})([mhd])$/.exec(value);
    if (offset) {
      const ms = (offset[1] === "-" ? -1 : 1) * Number(offset[2]) * UNIT_MS[offset[3] as keyof typeof UNIT_MS];
      if (Math.abs(ms) <= MAX_SHIFT_MS) return { kind: "offset", ms };
      context.addIssue({ code: "custom", message: "Keep --until within 366 days of now." });
      return z.NEVER;
    }
    // A date, a time and a zone: a bare date or a zoneless time would depend on the machine's zone.
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
      return { kind: "at", at: new Date(value) };
    }
    context.addIssue({
      code: "custom",
      message: `"${value}" is not a deadline: use now, +30m, +2h, +3d, -1m, or an ISO-8601 time with its zone (2030-01-31T12:00:00Z).`,
    });
    return z.NEVER;
  });

/** The deadline an `Until` names, seen from `now`. */
export function resolveUntil(until: Until, now: Date): Date {
  return until.kind === "at" ? until.at : new Date(now.getTime() + until.ms);
}

export const usersGraceArgsSchema = z.object({
  org: organisationSlugSchema,
  email: emailFlag("email"),
  until: untilSchema,
  reason: reasonSchema,
  json,
});

export const usersExpireLockArgsSchema = z.object({ org: organisationSlugSchema, email: emailFlag("email"), reason: reasonSchema, json });

export const mailStatusArgsSchema = z.object({ json });

/** `twofold keys rotate`: how many rows each batch reads and re-encrypts. */
export const keysRotateArgsSchema = z.object({
  batchSize: z
    .string()
    .regex(/^\d{1,5}$/, "Give --batch-size as a whole number of rows, 1 to 10000.")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "Give --batch-size as a whole number of rows, 1 to 10000.")
        .max(10_000, "Give --batch-size as a whole number of rows, 1 to 10000."),
    )
    .optional(),
  json,
});

export const keysStatusArgsSchema = z.object({ json });
