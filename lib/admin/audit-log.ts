import "server-only";
import { containsNul } from "@/lib/validations/text";
import { containsIgnoringCase, type Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { csvRow } from "@/lib/csv";
import type { AuditFilter } from "@/lib/validations/audit";
import type { AuditType } from "@/lib/audit-types";
import { auditDetailLines, describeAuditEvent, parseAuditDetail, type AuditDetailLine } from "@/lib/audit-vocabulary";

export const AUDIT_PAGE_SIZE = 50;
/** A name search matches at most this many users (a longer list would only slow the query down). */
const NAME_MATCH_LIMIT = 1000;

export interface AuditRow {
  id: string;
  createdAt: string;
  type: AuditType;
  actorEmail: string | null;
  targetEmail: string | null;
  ip: string | null;
  detail: string | null;
  /** The row as a sentence: "Ada Admin enabled 2FA for Alice Anderson". */
  sentence: string;
  /** What the CSV has beyond time, type and IP, as "key: value" lines. */
  details: AuditDetailLine[];
}

const SELECT = {
  id: true,
  createdAt: true,
  type: true,
  actorId: true,
  actorEmail: true,
  targetId: true,
  targetEmail: true,
  ip: true,
  detail: true,
} as const;

/** Events by or about someone whose email or (current) name contains `text`, on one side (actor) or either. */
async function personWhere(db: Db, organisationId: string, text: string, sides: ("actor" | "target")[]): Promise<Prisma.AuditEventWhereInput> {
  const contains = containsIgnoringCase(db, text);
  const named = await db.user.findMany({ where: { organisationId, name: contains }, select: { id: true }, take: NAME_MATCH_LIMIT });
  const ids = named.map((user) => user.id);
  return {
    OR: sides.flatMap((side) => [
      side === "actor" ? { actorEmail: contains } : { targetEmail: contains },
      ...(ids.length ? [side === "actor" ? { actorId: { in: ids } } : { targetId: { in: ids } }] : []),
    ]),
  };
}

/** One organisation's events matching the log's filters (its cursor aside). */
async function auditWhere(db: Db, organisationId: string, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [{ organisationId }];
  if (filter.type) and.push({ type: filter.type });
  if (filter.user) and.push(await personWhere(db, organisationId, filter.user, ["actor", "target"]));
  if (filter.actor) and.push(await personWhere(db, organisationId, filter.actor, ["actor"]));
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
  const found = await auditPage(db, await auditWhere(db, organisationId, filter), after, AUDIT_PAGE_SIZE + 1);
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  const names = await userNames(db, organisationId, page);
  return {
    rows: page.map((row) => {
      const detail = parseAuditDetail(row.detail);
      const person = (id: string | null, email: string | null) => (id || email ? { name: (id && names.get(id)) || null, email } : null);
      const type = row.type as AuditType;
      return {
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        type,
        actorEmail: row.actorEmail,
        targetEmail: row.targetEmail,
        ip: row.ip,
        detail: row.detail,
        sentence: describeAuditEvent({ type, actor: person(row.actorId, row.actorEmail), target: person(row.targetId, row.targetEmail), detail }),
        details: auditDetailLines({ actorEmail: row.actorEmail, targetEmail: row.targetEmail, detail }),
      };
    }),
    nextCursor: found.length > AUDIT_PAGE_SIZE && last ? encodeAuditCursor(last) : null,
  };
}

/** The current names of the people a page of events mentions (users of this organisation only). */
async function userNames(db: Db, organisationId: string, rows: { actorId: string | null; targetId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((row) => [row.actorId, row.targetId]).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { organisationId, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

export const AUDIT_CSV_HEADER = ["when", "event", "who", "whom", "ip", "detail"];

/** The CSV export, produced a batch at a time so a long log never sits in memory whole. */
export async function* auditCsv(options: { db: Db; organisationId: string; filter: AuditFilter; batchSize?: number }): AsyncGenerator<string> {
  // The export is the whole filtered log: the page cursor of the view it came from does not apply.
  const where = await auditWhere(options.db, options.organisationId, options.filter);
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
    return typeof id === "string" && !containsNul(id) && !Number.isNaN(date.getTime()) ? { createdAt: date, id } : null;
  } catch {
    return null;
  }
}
