import { containsIgnoringCase, type DbOrTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { HARD_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";
import type { UserFilter } from "@/lib/validations/admin";

/** Where a user's 2FA step is locked right now (DESIGN's "Locked" status). */
export function lockedWhere(now: Date): Prisma.UserWhereInput {
  return { OR: [{ twoFactorFailures: { gte: HARD_LOCK_THRESHOLD } }, { twoFactorLockedUntil: { gt: now } }] };
}

/** The opposite, spelt out: NOT(lockedUntil > now) would also drop NULLs in SQL. */
export function notLockedWhere(now: Date): Prisma.UserWhereInput {
  return {
    twoFactorFailures: { lt: HARD_LOCK_THRESHOLD },
    OR: [{ twoFactorLockedUntil: null }, { twoFactorLockedUntil: { lte: now } }],
  };
}

/**
 * The users of one organisation matching a search and a status filter. Every admin
 * query and bulk action starts from this, so the organisation bound is never forgotten.
 */
export function userFilterWhere(options: {
  db: Pick<DbOrTransaction, "dialect">;
  organisationId: string;
  filter: UserFilter;
  now: Date;
}): Prisma.UserWhereInput {
  const { filter, now } = options;
  const and: Prisma.UserWhereInput[] = [{ organisationId: options.organisationId }];
  if (filter.q) {
    const contains = containsIgnoringCase(options.db, filter.q);
    and.push({ OR: [{ name: contains }, { email: contains }] });
  }
  if (filter.status === "locked") and.push(lockedWhere(now));
  else if (filter.status !== "all") {
    const status = ({ off: "OFF", required: "REQUIRED", active: "ACTIVE" } as const)[filter.status];
    and.push({ twoFactorStatus: status, ...notLockedWhere(now) });
  }
  return { AND: and };
}
