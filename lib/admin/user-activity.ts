import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { IDLE_TIMEOUT_MS } from "@/lib/auth/sessions";

// What the admin's users table and its CSV export count per user: active sessions and
// trusted browsers. One grouped query per table for a page (or an export batch) of users,
// never one per row.

/**
 * A session someone is signed in with now: through every login step (a pending login, or a
 * session sent back to a step, can reach no data and is not counted), not revoked, within
 * its 12 hours and not idle for 30 minutes.
 */
export function activeSessionWhere(now: Date): Prisma.SessionWhereInput {
  return { stage: "COMPLETE", revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - IDLE_TIMEOUT_MS) } };
}

// SQLite binds at most 999 parameters a statement: ids go in slices well under that.
const IDS_PER_QUERY = 500;

function chunks(ids: string[]): string[][] {
  const slices: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) slices.push(ids.slice(start, start + IDS_PER_QUERY));
  return slices;
}

export interface UserActivity {
  activeSessions: number;
  trustedBrowsers: number;
}

/** How many sessions each of these users is signed in with now (absent: none): one grouped query per 500 users. */
export async function activeSessionCounts(db: DbOrTransaction, userIds: string[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const ids of chunks(userIds)) {
    const rows = await db.session.groupBy({ by: ["userId"], where: { userId: { in: ids }, ...activeSessionWhere(now) }, _count: { _all: true } });
    for (const row of rows) counts.set(row.userId, row._count._all);
  }
  return counts;
}

/** How many unexpired trusted browsers each of these users has (absent: none): one grouped query per 500 users. */
export async function trustedBrowserCounts(db: DbOrTransaction, userIds: string[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const ids of chunks(userIds)) {
    const rows = await db.trustedDevice.groupBy({ by: ["userId"], where: { userId: { in: ids }, expiresAt: { gt: now } }, _count: { _all: true } });
    for (const row of rows) counts.set(row.userId, row._count._all);
  }
  return counts;
}

/** Both counts of each of these users (0 for none). */
export async function userActivity(db: DbOrTransaction, userIds: string[], now: Date): Promise<Map<string, UserActivity>> {
  const [sessions, browsers] = await Promise.all([activeSessionCounts(db, userIds, now), trustedBrowserCounts(db, userIds, now)]);
  return new Map(userIds.map((id) => [id, { activeSessions: sessions.get(id) ?? 0, trustedBrowsers: browsers.get(id) ?? 0 }]));
}
