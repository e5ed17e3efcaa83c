import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import { noticeLockStarted } from "@/lib/mail/notices";

// DESIGN §2: one counter per account for TOTP and backup codes. 5 consecutive failures
// lock the 2FA step for 15 minutes, each further failure doubles the lock, and 10 lock it
// until an admin unlocks. Only a full successful login resets the counter. An attempt is
// counted before its code is checked (N parallel guesses count N), and given back if right.
import { HARD_LOCK_THRESHOLD, SOFT_LOCK_MS, SOFT_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";

export { HARD_LOCK_THRESHOLD, SOFT_LOCK_MS, SOFT_LOCK_THRESHOLD };

// The lock's states belong to the 2FA status (Locked); re-exported for the login's callers.
import { lockState, type LockState } from "@/lib/two-factor/status";

export { lockState, type LockState };

export function lockDurationMs(failures: number): number {
  if (failures < SOFT_LOCK_THRESHOLD) return 0;
  return SOFT_LOCK_MS * 2 ** (failures - SOFT_LOCK_THRESHOLD);
}

type LockFields = { twoFactorFailures: number; twoFactorLockedUntil: Date | null };

/** An attempt counted as a failure before its code is checked: the counter before and after. */
export interface TwoFactorReservation {
  userId: string;
  before: LockFields;
  after: LockFields;
}

export type TwoFactorAttempt =
  { ok: true; reservation: TwoFactorReservation; lock: LockState } | { ok: false; lock: Exclude<LockState, { kind: "open" }> };

// Each round of the compare-and-set either wins, is refused by a lock, or loses to another
// attempt's write; at most 5 attempts get through from an open state, so few rounds.
const MAX_ROUNDS = 20;

/**
 * Counts an attempt as a failure before its code is checked, and writes the lock that
 * count leads to in the same compare-and-set: of N parallel wrong codes, those after the
 * 5th find the lock and are refused unchecked. `lock` is the state if the code is wrong.
 */
export async function reserveTwoFactorAttempt(options: { db: Db; userId: string; now: Date }): Promise<TwoFactorAttempt> {
  const { db, userId, now } = options;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = await db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { twoFactorFailures: true, twoFactorLockedUntil: true },
    });
    const lock = lockState(before, now);
    if (lock.kind !== "open") return { ok: false, lock };
    const failures = before.twoFactorFailures + 1;
    const duration = lockDurationMs(failures);
    const after = { twoFactorFailures: failures, twoFactorLockedUntil: duration ? new Date(now.getTime() + duration) : before.twoFactorLockedUntil };
    const { count } = await db.user.updateMany({ where: { id: userId, ...before }, data: after });
    if (count === 1) return { ok: true, reservation: { userId, before, after }, lock: lockState(after, now) };
  }
  // Fail closed (the action answers with a generic error): no code is tried uncounted.
  throw new Error("The 2FA failure counter kept changing; the attempt was not checked");
}

/**
 * Gives back the reservation of a code that was not a failure (right, or a replay of a
 * right one). Restores the counter and lock exactly if nothing changed since; otherwise
 * (parallel attempts, a reset) takes back just the one failure.
 */
export async function releaseTwoFactorAttempt(db: Db, reservation: TwoFactorReservation): Promise<void> {
  const { userId, before, after } = reservation;
  const { count } = await db.user.updateMany({ where: { id: userId, ...after }, data: before });
  if (count === 0) {
    await db.user.updateMany({ where: { id: userId, twoFactorFailures: { gt: 0 } }, data: { twoFactorFailures: { decrement: 1 } } });
  }
}

/** The fields that end a 2FA lock: set by a full successful login and by an admin's Unlock. */
export const LOCK_CLEARED = { twoFactorFailures: 0, twoFactorLockedUntil: null } as const;

/** The error to show before any attempt when the user's 2FA step is locked now, or null. */
export async function currentLockError(options: {
  db: Db;
  userId: string;
  now: Date;
}): Promise<"TWO_FACTOR_LOCKED" | "TWO_FACTOR_LOCKED_BY_ADMIN" | null> {
  const user = await options.db.user.findUnique({ where: { id: options.userId }, select: { twoFactorFailures: true, twoFactorLockedUntil: true } });
  const lock = user ? lockState(user, options.now) : { kind: "open" as const };
  return lock.kind === "locked-by-admin" ? "TWO_FACTOR_LOCKED_BY_ADMIN" : lock.kind === "locked" ? "TWO_FACTOR_LOCKED" : null;
}

/**
 * A wrong code whose failure locked the step (the reservation found it open, so the lock
 * starts now, once): the user, and for a lock until an admin unlocks the admins, are mailed.
 */
export async function lockStarted(
  db: Db,
  options: { userId: string; lock: LockState; now: Date; whenLocked?: (tx: DbOrTransaction) => Promise<void> },
): Promise<void> {
  if (options.lock.kind === "open") return;
  await db.$transaction(async (tx) => {
    await options.whenLocked?.(tx);
    await noticeLockStarted(tx, { userId: options.userId, state: options.lock, now: options.now });
  });
}
