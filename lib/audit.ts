import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import type { AuditType } from "@/lib/audit-types";

export type { AuditType };

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

function toRow(entry: AuditEntry) {
  return {
    organisationId: entry.organisationId,
    type: entry.type,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    targetId: entry.target?.id ?? null,
    targetEmail: entry.target?.email ?? null,
    ip: entry.ip ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    ...(entry.at ? { createdAt: entry.at } : {}),
  };
}

export async function recordAudit(db: DbOrTransaction, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: toRow(entry) });
}

/** Many events in a few INSERT statements (bulk actions write one per affected user). */
export async function recordAuditMany(db: DbOrTransaction, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += AUDIT_BATCH) {
    await db.auditEvent.createMany({ data: entries.slice(start, start + AUDIT_BATCH).map(toRow) });
  }
}

// 1,000 rows of 9 columns stay well under SQLite's and PostgreSQL's bound-parameter limits.
const AUDIT_BATCH = 1000;
