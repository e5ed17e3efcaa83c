import "server-only";
import { containsNul } from "@/lib/validations/text";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { userFilterWhere } from "@/lib/admin/user-filter";
import { activeSessionCounts } from "@/lib/admin/user-activity";
import { twoFactorMethodsOf } from "@/lib/admin/two-factor-methods";
import { NO_METHODS, type TwoFactorMethods } from "@/lib/two-factor/methods";
import { lockState, userTwoFactorStatus, type UserTwoFactorStatus } from "@/lib/two-factor/status";
import { PAGE_SIZE, type UserSort, type UserTableParams } from "@/lib/validations/admin";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: "ADMIN" | "MEMBER";
  status: UserTwoFactorStatus;
  /** For a Locked user: consecutive wrong codes, and until when (ISO) unless only an admin's Unlock ends it. */
  lock: { failures: number; until: string | null } | null;
  /** ISO date, or null if the user never logged in. */
  lastLoginAt: string | null;
  /** INVITED until the person accepts their invitation (an account state, apart from the 2FA status). */
  accountStatus: "INVITED" | "ACTIVE";
  /** For an INVITED user: until when (ISO) their link works, and whether that is past. */
  invitation: { expiresAt: string; expired: boolean } | null;
  /** Sessions signed in now (lib/admin/user-activity.ts); the CSV export also counts trusted browsers. */
  activeSessions: number;
  /** The second factors they have set up (an app, passkeys). */
  methods: TwoFactorMethods;
}

export interface UserPage {
  rows: UserRow[];
  total: number;
  /** Cursors for the neighbouring pages; null at either end. */
  nextCursor: string | null;
  previousCursor: string | null;
  /** How many matching users come before this page's first row (0 on the first page). */
  offset: number;
  /** Whether the whole matching set (every page) includes the signed-in admin. */
  includesCurrentUser: boolean;
}

const COLUMNS = {
  name: "name",
  email: "email",
  role: "role",
  status: "twoFactorStatus",
  lastLogin: "lastLoginAt",
} as const satisfies Record<UserSort, keyof Prisma.UserWhereInput>;

type Column = (typeof COLUMNS)[UserSort];
type CursorValue = string | null;

export function encodeCursor(value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

function decodeCursor(cursor: string): [CursorValue, string] | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === "string" || parsed[0] === null) &&
      typeof parsed[1] === "string" &&
      !containsNul(parsed)
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through: a damaged cursor shows the first page
  }
  return null;
}

/**
 * Rows strictly after (value, id) in the order `direction`, where NULL (never logged in)
 * sorts before every value. Keyset paging: every page costs an index seek, the last as
 * little as the first, unlike OFFSET which scans all the rows it skips.
 */
function afterCursor(column: Column, direction: "asc" | "desc", value: CursorValue, id: string): Prisma.UserWhereInput {
  const beyond = direction === "asc" ? "gt" : "lt";
  const typed = value !== null && column === "lastLoginAt" ? new Date(value) : value;
  if (value === null) {
    return direction === "asc" ? { OR: [{ [column]: null, id: { gt: id } }, { NOT: { [column]: null } }] } : { [column]: null, id: { lt: id } };
  }
  const or: Prisma.UserWhereInput[] = [{ [column]: { [beyond]: typed } }, { [column]: typed, id: { [beyond]: id } }];
  if (direction === "desc" && column === "lastLoginAt") or.push({ lastLoginAt: null });
  return { OR: or };
}

/**
 * NULL sorts first going up. That is SQLite's own order, which it then reads straight off
 * the index, so it is only spelt out for PostgreSQL (whose own order is the opposite).
 */
function orderBy(db: Db, column: Column, direction: "asc" | "desc"): Prisma.UserOrderByWithRelationInput[] {
  const first =
    column === "lastLoginAt" && db.dialect === "postgresql"
      ? { lastLoginAt: { sort: direction, nulls: direction === "asc" ? ("first" as const) : ("last" as const) } }
      : { [column]: direction };
  return [first, { id: direction }];
}

export async function listUsers(options: {
  db: Db;
  organisationId: string;
  params: UserTableParams;
  now: Date;
  /** The signed-in admin: the page says whether the matching set includes them. */
  currentUserId?: string;
}): Promise<UserPage> {
  const { db, params, now } = options;
  const column = COLUMNS[params.sort];
  const filter = userFilterWhere({ ...options, filter: { q: params.q, status: params.status, role: params.role } });

  // Going backwards (previous or last page) reads in the opposite order, then flips.
  const cursor = params.after ? decodeCursor(params.after) : params.before ? decodeCursor(params.before) : null;
  const lastPage = params.page === "last" && !cursor;
  const backwards = (Boolean(params.before) && cursor !== null) || lastPage;
  const readDirection = backwards ? (params.dir === "asc" ? "desc" : "asc") : params.dir;
  const where: Prisma.UserWhereInput = cursor ? { AND: [filter, afterCursor(column, readDirection, cursor[0], cursor[1])] } : filter;

  const [total, includesCurrentUser] = await Promise.all([
    db.user.count({ where: filter }),
    options.currentUserId ? db.user.count({ where: { AND: [filter, { id: options.currentUserId }] } }).then((n) => n > 0) : false,
  ]);
  // The last page holds what is left after whole pages from the first (1–50, 51–100, 101–144), so
  // Last, then Previous, shows the same pages as First, then Next.
  const size = lastPage ? total % PAGE_SIZE || PAGE_SIZE : PAGE_SIZE;
  const found = await db.user.findMany({
    where,
    orderBy: orderBy(db, column, readDirection),
    take: size + 1,
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      twoFactorStatus: true,
      twoFactorFailures: true,
      twoFactorLockedUntil: true,
      lastLoginAt: true,
      accountStatus: true,
      // Only the expiry: never the token's hash.
      invitation: { select: { expiresAt: true } },
    },
  });
  const more = found.length > size;
  const page = found.slice(0, size);
  if (backwards) page.reverse();

  const cursorOf = (row: (typeof page)[number]) => {
    const value = row[column];
    return encodeCursor(value instanceof Date ? value.toISOString() : (value ?? null), row.id);
  };
  const first = page[0];
  const last = page.at(-1);
  const hasNext = backwards ? cursor !== null : more;
  const hasPrevious = backwards ? more : cursor !== null;

  // Where this page starts among the matching users, for "51–100 of 144" and the page numbers of a selection.
  const countBefore = async () => {
    if (lastPage) return total - page.length;
    if (!first || !hasPrevious) return 0;
    const value = first[column];
    const before = afterCursor(
      column,
      params.dir === "asc" ? "desc" : "asc",
      value instanceof Date ? value.toISOString() : (value ?? null),
      first.id,
    );
    return db.user.count({ where: { AND: [filter, before] } });
  };
  // The page's session counts and 2FA methods (grouped queries, never one per row), read alongside.
  const ids = page.map((row) => row.id);
  const [offset, sessions, methods] = await Promise.all([countBefore(), activeSessionCounts(db, ids, now), twoFactorMethodsOf(db, ids)]);
  return {
    rows: page.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      status: userTwoFactorStatus(row, now),
      lock: lockOfRow(row, now),
      lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
      accountStatus: row.accountStatus,
      invitation:
        row.accountStatus === "INVITED" && row.invitation
          ? { expiresAt: row.invitation.expiresAt.toISOString(), expired: row.invitation.expiresAt <= now }
          : null,
      activeSessions: sessions.get(row.id) ?? 0,
      methods: methods.get(row.id) ?? NO_METHODS,
    })),
    total,
    nextCursor: hasNext && last ? cursorOf(last) : null,
    previousCursor: hasPrevious && first ? cursorOf(first) : null,
    offset,
    includesCurrentUser,
  };
}

/** What the admin's Locked badge says: how many wrong codes, and until when (null: until an admin unlocks). */
function lockOfRow(row: { twoFactorFailures: number; twoFactorLockedUntil: Date | null }, now: Date): UserRow["lock"] {
  const lock = lockState(row, now);
  if (lock.kind === "open") return null;
  return { failures: row.twoFactorFailures, until: lock.kind === "locked" ? lock.until.toISOString() : null };
}
