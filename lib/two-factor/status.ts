// The 2FA status of DESIGN §1 (Off, Required, Active, Locked) and every projection of it: the
// stored column, the derived Locked, the admin table's filter value, the label, the badge tone
// and the Prisma where-clause of each filter. Pure data and functions: client components import it.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TwoFactorStatus as StoredTwoFactorStatus } from "@/lib/generated/prisma/enums";
import { HARD_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";

export type { StoredTwoFactorStatus };

/** A user's 2FA status as everyone outside the database speaks it (rows, badges, the URL's filter). */
export const TWO_FACTOR_STATUSES = ["off", "required", "active", "locked"] as const;
export type UserTwoFactorStatus = (typeof TWO_FACTOR_STATUSES)[number];

/** How a status badge looks; components/two-factor/status-badge.tsx turns the tone into classes. */
export type StatusTone = "neutral" | "warning" | "success" | "danger";

const PROJECTIONS = {
  off: { stored: "OFF", label: "Off", tone: "neutral" },
  required: { stored: "REQUIRED", label: "Required", tone: "warning" },
  active: { stored: "ACTIVE", label: "Active", tone: "success" },
  // Never stored: a lock in force shows as Locked whatever the stored status.
  locked: { stored: null, label: "Locked", tone: "danger" },
} as const satisfies Record<UserTwoFactorStatus, { stored: StoredTwoFactorStatus | null; label: string; tone: StatusTone }>;

const FROM_STORED = { OFF: "off", REQUIRED: "required", ACTIVE: "active" } as const satisfies Record<StoredTwoFactorStatus, UserTwoFactorStatus>;

export function twoFactorStatusLabel(status: UserTwoFactorStatus): string {
  return PROJECTIONS[status].label;
}

export function twoFactorStatusTone(status: UserTwoFactorStatus): StatusTone {
  return PROJECTIONS[status].tone;
}

/** The admin table's status filter, as it lives in the URL: one status, or all of them. */
export const STATUS_FILTERS = ["all", ...TWO_FACTOR_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function statusFilterLabel(filter: StatusFilter): string {
  return filter === "all" ? "All statuses" : twoFactorStatusLabel(filter);
}

type LockFields = { twoFactorFailures: number; twoFactorLockedUntil: Date | null };

/** The 2FA step's lock: open, locked for a while (growing), or locked until an admin unlocks (DESIGN §2). */
export type LockState = { kind: "open" } | { kind: "locked"; until: Date } | { kind: "locked-by-admin" };

export function lockState(user: LockFields, now: Date): LockState {
  if (user.twoFactorFailures >= HARD_LOCK_THRESHOLD) return { kind: "locked-by-admin" };
  if (user.twoFactorLockedUntil && user.twoFactorLockedUntil > now) return { kind: "locked", until: user.twoFactorLockedUntil };
  return { kind: "open" };
}

/** The status a user has now: the stored one, unless a lock is in force. */
export function userTwoFactorStatus(user: LockFields & { twoFactorStatus: StoredTwoFactorStatus }, now: Date): UserTwoFactorStatus {
  return lockState(user, now).kind === "open" ? FROM_STORED[user.twoFactorStatus] : "locked";
}

/** The users whose status is Locked right now: lockState() in SQL. */
export function lockedWhere(now: Date): Prisma.UserWhereInput {
  return { OR: [{ twoFactorFailures: { gte: HARD_LOCK_THRESHOLD } }, { twoFactorLockedUntil: { gt: now } }] };
}

/** The opposite, spelt out: NOT(lockedUntil > now) would also drop NULLs in SQL. */
function notLockedWhere(now: Date): Prisma.UserWhereInput {
  return {
    twoFactorFailures: { lt: HARD_LOCK_THRESHOLD },
    OR: [{ twoFactorLockedUntil: null }, { twoFactorLockedUntil: { lte: now } }],
  };
}

/** The users a status filter keeps: userTwoFactorStatus() in SQL (null: no condition). */
export function statusFilterWhere(filter: StatusFilter, now: Date): Prisma.UserWhereInput | null {
  if (filter === "all") return null;
  const { stored } = PROJECTIONS[filter];
  return stored === null ? lockedWhere(now) : { twoFactorStatus: stored, ...notLockedWhere(now) };
}
