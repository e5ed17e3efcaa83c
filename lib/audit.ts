import "server-only";
import type { Db } from "@/lib/db";

export const AUDIT_TYPES = [
  "login.succeeded",
  "login.failed",
  "logout",
  "two_factor.failed",
  "two_factor.locked",
  "two_factor.enrolled",
  "two_factor.backup_code_used",
  "two_factor.backup_codes_regenerated",
  "sessions.revoked",
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntry {
  organisationId: string;
  type: AuditType;
  actor?: AuditActor | null;
  target?: AuditActor | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      organisationId: entry.organisationId,
      type: entry.type,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      targetId: entry.target?.id ?? null,
      targetEmail: entry.target?.email ?? null,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      ...(entry.at ? { createdAt: entry.at } : {}),
    },
  });
}
