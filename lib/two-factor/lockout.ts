import "server-only";
import type { Db } from "@/lib/db";

// DESIGN §2: one counter per account for TOTP and backup codes. 5 consecutive failures
// lock the 2FA step for 15 minutes, each further failure doubles the lock, and 10 lock it
// until an admin unlocks. Only a full successful login resets the counter.
import { HARD_LOCK_THRESHOLD, SOFT_LOCK_MS, SOFT_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";

export { HARD_LOCK_THRESHOLD, SOFT_LOCK_MS, SOFT_LOCK_THRESHOLD };

export type LockState =
  | { kind: "open" }
  | { kind: "locked"; until: Date }
  | { kind: "locked-by-admin" };

export function lockState(user: { twoFactorFailures: number; twoFactorLockedUntil: Date | null }, now: Date): LockState {
  if (user.twoFactorFailures >= HARD_LOCK_THRESHOLD) return { kind: "locked-by-admin" };
  if (user.twoFactorLockedUntil && user.twoFactorLockedUntil > now) return { kind: "locked", until: user.twoFactorLockedUntil };
  return { kind: "open" };
}

export function lockDurationMs(failures: number): number {
  if (failures < SOFT_LOCK_THRESHOLD) return 0;
  return SOFT_LOCK_MS * 2 ** (failures - SOFT_LOCK_THRESHOLD);
}

/** Counts one failed code (atomically) and returns the lock it leads to. */
export async function recordTwoFactorFailure(options: { db: Db; userId: string; now: Date }): Promise<LockState> {
  const { db, userId, now } = options;
  const user = await db.user.update({
    where: { id: userId },
    data: { twoFactorFailures: { increment: 1 } },
    select: { twoFactorFailures: true },
  });
  const duration = lockDurationMs(user.twoFactorFailures);
  const lockedUntil = duration ? new Date(now.getTime() + duration) : null;
  if (lockedUntil) await db.user.update({ where: { id: userId }, data: { twoFactorLockedUntil: lockedUntil } });
  return lockState({ twoFactorFailures: user.twoFactorFailures, twoFactorLockedUntil: lockedUntil }, now);
}

/** The fields that end a 2FA lock: set by a full successful login and by an admin's Unlock. */
export const LOCK_CLEARED = { twoFactorFailures: 0, twoFactorLockedUntil: null } as const;
