import "server-only";
import type { Db } from "@/lib/db";
import { statusFilterWhere, TWO_FACTOR_STATUSES, type UserTwoFactorStatus } from "@/lib/two-factor/status";

/** How many deadlines the dashboard lists. */
export const UPCOMING_DEADLINES = 5;

export interface GraceDeadline {
  id: string;
  name: string;
  email: string;
  /** ISO time by which the user must have set up 2FA. */
  dueAt: string;
}

export interface TwoFactorCoverage {
  /** Users per status (Off, Required, Active, Locked), as the admin table counts them now. */
  counts: Record<UserTwoFactorStatus, number>;
  total: number;
  /** The next Required users whose grace period ends, soonest first. */
  upcomingDeadlines: GraceDeadline[];
}

/** An organisation's 2FA coverage for the admin dashboard. */
export async function loadTwoFactorCoverage(options: { db: Db; organisationId: string; now: Date }): Promise<TwoFactorCoverage> {
  const { db, organisationId, now } = options;
  const counted = await Promise.all(
    TWO_FACTOR_STATUSES.map((status) => db.user.count({ where: { AND: [{ organisationId }, statusFilterWhere(status, now) ?? {}] } })),
  );
  const counts = Object.fromEntries(TWO_FACTOR_STATUSES.map((status, i) => [status, counted[i]!])) as Record<UserTwoFactorStatus, number>;
  const due = await db.user.findMany({
    where: { AND: [{ organisationId }, statusFilterWhere("required", now) ?? {}, { twoFactorDueAt: { gt: now } }] },
    orderBy: [{ twoFactorDueAt: "asc" }, { id: "asc" }],
    take: UPCOMING_DEADLINES,
    select: { id: true, name: true, email: true, twoFactorDueAt: true },
  });
  return {
    counts,
    total: counted.reduce((sum, n) => sum + n, 0),
    upcomingDeadlines: due.map((user) => ({ id: user.id, name: user.name, email: user.email, dueAt: user.twoFactorDueAt!.toISOString() })),
  };
}
