import "server-only";
import crypto from "node:crypto";
import type { DbOrTransaction } from "@/lib/db";
import type { AuditType } from "@/lib/audit-types";

export type { AuditType };

export interface AuditActor {
  id: string;
  email: string;
}

/** Who ran an operator command: the OS account and machine (and the sudo caller, if any). */
export interface OperatorIdentity {
  user: string;
  host: string;
  sudoUser?: string;
}

/**
 * Who makes a change: an admin in the app (audited as the actor, with their address), or an
 * operator at the command line (no actor; the OS identity and the reason go in the detail).
 */
export type ChangeAuthor =
  { actor: AuditActor; ip: string; operator?: undefined } | { operator: OperatorIdentity; reason?: string; actor?: undefined };

/** The audit fields that say who made a change, with the change's own detail. */
export function auditedAuthor(author: ChangeAuthor, detail?: Record<string, unknown>): Pick<AuditEntry, "actor" | "ip" | "detail"> {
  if (!author.operator) return { actor: author.actor, ip: author.ip, ...(detail ? { detail } : {}) };
  const { operator } = author;
  return {
    actor: null,
    ip: null,
    detail: {
      ...detail,
      ...(author.reason !== undefined ? { reason: author.reason } : {}),
      operatorUser: operator.user,
      operatorHost: operator.host,
      ...(operator.sudoUser ? { operatorSudoUser: operator.sudoUser } : {}),
    },
  };
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

const COLUMNS = ["id", "organisationId", "type", "actorId", "actorEmail", "targetId", "targetEmail", "ip", "detail", "createdAt"] as const;
// 500 rows of 10 values stay well under SQLite's and PostgreSQL's bound-parameter limits.
const AUDIT_BATCH = 500;

/**
 * Many events in a few multi-row INSERTs (a bulk action writes one per affected user).
 * Raw SQL because Prisma's createMany costs ~160 µs a row here, seven times as much;
 * values still travel as bound parameters, and dates through the same adapter.
 */
export async function recordAuditMany(db: DbOrTransaction, entries: AuditEntry[]): Promise<void> {
  const now = new Date();
  const columns = COLUMNS.map((column) => `"${column}"`).join(", ");
  // Read once: on a transaction client every property read goes through Prisma's proxy.
  const numbered = db.dialect === "postgresql";
  for (let start = 0; start < entries.length; start += AUDIT_BATCH) {
    const rows = entries.slice(start, start + AUDIT_BATCH).map((entry) => {
      const row = toRow(entry);
      return [
        crypto.randomUUID(),
        row.organisationId,
        row.type,
        row.actorId,
        row.actorEmail,
        row.targetId,
        row.targetEmail,
        row.ip,
        row.detail,
        entry.at ?? now,
      ];
    });
    let n = 0;
    const placeholder = () => (numbered ? `$${++n}` : "?");
    const values = rows.map((row) => `(${row.map(placeholder).join(", ")})`).join(", ");
    await db.$executeRawUnsafe(`INSERT INTO "AuditEvent" (${columns}) VALUES ${values}`, ...rows.flat());
  }
}
