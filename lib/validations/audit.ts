import { z } from "zod";
import { hasNoNul } from "@/lib/validations/text";
import { AUDIT_TYPES } from "@/lib/audit-types";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((value) => new Date(`${value}T00:00:00Z`))
  .refine((date) => !Number.isNaN(date.getTime()));

/** The audit log's filters as they live in the URL; a malformed one is ignored. */
export const auditFilterSchema = z.object({
  type: z.enum(AUDIT_TYPES).optional().catch(undefined),
  /** Someone the event is by or about: part of their name or email. */
  user: z.string().trim().max(254).refine(hasNoNul).optional().catch(undefined),
  /** Who did it: part of the actor's name or email. */
  actor: z.string().trim().max(254).refine(hasNoNul).optional().catch(undefined),
  from: day.optional().catch(undefined),
  // "to" is inclusive in the UI: the whole day counts.
  to: day
    .transform((date) => new Date(date.getTime() + 24 * 60 * 60 * 1000))
    .optional()
    .catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;
