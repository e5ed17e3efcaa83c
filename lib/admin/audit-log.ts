import "server-only";
import type { Db } from "@/lib/db";
import type { DatabaseKind } from "@/lib/database-adapter";
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

export function auditWhere(organisationId: string, filter: AuditFilter, database: DatabaseKind): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [{ organisationId }];
  if (filter.type) and.push({ type: filter.type });
  if (filter.user) {
    const contains = database === "postgresql" ? { contains: filter.user, mode: "insensitive" as const } : { contains: filter.user };
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

export async function listAuditEvents(options: {
  db: Db;
  where: Prisma.AuditEventWhereInput;
  after?: string;
}): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const after = options.after ? decodeAuditCursor(options.after) : null;
  const found = await auditPage(options.db, options.where, after, AUDIT_PAGE_SIZE + 1);
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: found.length > AUDIT_PAGE_SIZE && last ? encodeAuditCursor(last) : null,
  };
}

export const AUDIT_CSV_HEADER = ["when", "event", "who", "whom", "ip", "detail"];

/** The CSV export, produced a batch at a time so a long log never sits in memory whole. */
export async function* auditCsv(options: { db: Db; where: Prisma.AuditEventWhereInput; batchSize?: number }): AsyncGenerator<string> {
  yield csvRow(AUDIT_CSV_HEADER);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await auditPage(options.db, options.where, after, options.batchSize ?? 500);
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
