import { z } from "zod";

export const OPERATOR_REASON_MAX_LENGTH = 500;

// Control characters could rewrite the operator's terminal or forge lines in the audit export.
const printable = (value: string) => !/\p{Cc}/u.test(value);

export const organisationSlugSchema = z
  .string()
  .trim()
  .min(1, "Give the organisation's slug with --org.")
  .max(100, "That is too long for an organisation slug.")
  .refine(printable, "The organisation slug contains control characters.");

/** `twofold access-list disable`: the break-glass is always audited with a reason. */
export const accessListDisableArgsSchema = z.object({
  org: organisationSlugSchema,
  reason: z
    .string({ error: 'Give a reason with --reason "<why>"; it is written to the audit log.' })
    .trim()
    .min(1, 'Give a reason with --reason "<why>"; it is written to the audit log.')
    .max(OPERATOR_REASON_MAX_LENGTH, `Keep the reason under ${OPERATOR_REASON_MAX_LENGTH} characters.`)
    .refine(printable, "Keep the reason on one line, without control characters."),
  yes: z.boolean().default(false),
});

export const accessListShowArgsSchema = z.object({ org: organisationSlugSchema });
