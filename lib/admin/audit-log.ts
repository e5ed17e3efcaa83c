import "server-only";
import { containsIgnoringCase, type Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { csvRow } from "@/lib/csv";
import type { AuditFilter } from "@/lib/validations/audit";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: string;
  createdAt: string;
  type: string;
  actorEmail: string | null;
  targetEmail: string | null;
  ip: string | null;
  detail: string | null;
}

const SELECT = { id: true, createdAt: true, type: true, actorEmail: true, targetEmail: true, ip: true, detail: true } as const;

/** One organisation's events matching the log's filters (its cursor aside). */
function auditWhere(db: Db, organisationId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [{ organisationId }];
  if (filter.type) and.push({ type: filter.type });
  if (filter.user) {
    const contains = containsIgnoringCase(db, filter.user);
    and.push({ OR: [{ actorEmail: contains }, { targetEmail: contains }] });
  }
  if (filter.from) and.push({ createdAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lt: filter.to } });
  return { AND: and };
}

/** Newest first, keyset-paged on (createdAt, id). */
async function auditPage(db: Db, where: Prisma.AuditEventWhereInput, after: { createdAt: Date; id: string } | null, take: number) {
  const cursor: Prisma.AuditEventWhereInput | undefined = after
    ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
    : undefined;
  return db.auditEvent.findMany({
    where: cursor ? { AND: [where, cursor] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: SELECT,
  });
}

/** One page of an organisation's audit log, newest first; `filter.after` is the page's cursor. */
export async function listAuditEvents(options: {
  db: Db;
  organisationId: string;
  filter: AuditFilter;
}): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const { db, organisationId, filter } = options;
  const after = filter.after ? decodeAuditCursor(filter.after) : null;
  const found = await auditPage(db, auditWhere(db, organisationId, filter), after, AUDIT_PAGE_SIZE + 1);
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: found.length > AUDIT_PAGE_SIZE && last ? encodeAuditCursor(last) : null,
  };
}

export const AUDIT_CSV_HEADER = ["when", "event", "who", "whom", "ip", "detail"];

/** The CSV export, produced a batch at a time so a long log never sits in memory whole. */
export async function* auditCsv(options: { db: Db; organisationId: string; filter: AuditFilter; batchSize?: number }): AsyncGenerator<string> {
  // The export is the whole filtered log: the page cursor of the view it came from does not apply.
  const where = auditWhere(options.db, options.organisationId, options.filter);
  yield csvRow(AUDIT_CSV_HEADER);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await auditPage(options.db, where, after, options.batchSize ?? 500);
    if (batch.length === 0) return;
    yield batch.map((row) => csvRow([row.createdAt.toISOString(), row.type, row.actorEmail, row.targetEmail, row.ip, row.detail])).join("");
    const last = batch.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

function encodeAuditCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeAuditCursor(cursor: string): { createdAt: Date; id: string } | null {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, string];
    const date = new Date(createdAt);
    return typeof id === "string" && !Number.isNaN(date.getTime()) ? { createdAt: date, id } : null;
  } catch {
    return null;
  }
}
