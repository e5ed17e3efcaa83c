import "server-only";
import type { Db } from "@/lib/db";
import { createRow, releaseWindowSlot, reserveWindowSlot, secondsUntil, type WindowSlot } from "@/lib/auth/rate-limit";

// DESIGN §2: per-account backoff and a per-IP limit, kept in the database so they
// hold across app instances. Keys use the typed email, whether or not the account
// exists, so throttling reveals nothing about which emails are registered.
// Each attempt is counted as a failure *before* its password is hashed (N parallel
// guesses count N); a correct password gives its reservation back.
const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
const ACCOUNT_FREE_FAILURES = 4; // the 5th consecutive failure starts the backoff
const ACCOUNT_BASE_DELAY_MS = 30 * 1000;
const ACCOUNT_MAX_DELAY_MS = 15 * 60 * 1000;
const ACCOUNT_HOURLY_CAP = 100;
const IP_WINDOW_MS = 15 * 60 * 1000;
const IP_MAX_FAILURES = 50;
// Each round of the account's compare-and-set either wins, is refused by a lock, or loses
// to another attempt's write; at most 5 attempts get through before a lock, so few rounds.
const MAX_ROUNDS = 20;

export const accountKey = (email: string) => `password:account:${email}`;
export const ipKey = (ip: string) => `password:ip:${ip}`;

/** What a password attempt holds while its password is checked. */
export interface PasswordAttempt {
  email: string;
  ipSlot: WindowSlot;
}

export type PasswordReservation = { allowed: true; attempt: PasswordAttempt } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts an attempt as a failure of the account and of the IP before the password is
 * checked, or refuses it (then nothing is counted and nothing must be hashed).
 */
export async function reservePasswordAttempt(options: { db: Db; email: string; ip: string; now: Date }): Promise<PasswordReservation> {
  const { db, email, now } = options;
  const ip = await reserveWindowSlot({ db, key: ipKey(options.ip), limit: IP_MAX_FAILURES, windowMs: IP_WINDOW_MS, now });
  if (!ip.ok) return { allowed: false, retryAfterSeconds: ip.retryAfterSeconds };
  const account = await reserveAccountAttempt(db, accountKey(email), now);
  if (!account.ok) {
    await releaseWindowSlot(db, ip.slot);
    return { allowed: false, retryAfterSeconds: account.retryAfterSeconds };
  }
  return { allowed: true, attempt: { email, ipSlot: ip.slot } };
}

/**
 * A correct password: ends the account's run of failures and gives the IP its slot back.
 * (A wrong one needs nothing more: it was counted when reserved.)
 */
export async function releasePasswordAttempt(db: Db, attempt: PasswordAttempt): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key: accountKey(attempt.email) } });
  await releaseWindowSlot(db, attempt.ipSlot);
}

/** Delay before the next attempt after `failures` consecutive failures. */
export function accountBackoffMs(failures: number): number {
  if (failures <= ACCOUNT_FREE_FAILURES) return 0;
  if (failures >= ACCOUNT_HOURLY_CAP) return ACCOUNT_WINDOW_MS;
  const doublings = failures - ACCOUNT_FREE_FAILURES - 1;
  return Math.min(ACCOUNT_BASE_DELAY_MS * 2 ** doublings, ACCOUNT_MAX_DELAY_MS);
}

/**
 * One more failure on the account's counter, and the backoff it starts, written in one
 * compare-and-set: the attempt that reaches the 5th failure also writes the lock, so no
 * parallel attempt slips in between the count and the lock.
 */
async function reserveAccountAttempt(db: Db, key: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const lockAfter = (failures: number) => {
    const delay = accountBackoffMs(failures);
    return delay ? new Date(now.getTime() + delay) : null;
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, windowStart: true, lockedUntil: true } });
    if (!row) {
      if (await createRow(db, { key, count: 1, windowStart: now, lockedUntil: lockAfter(1) })) return { ok: true };
      continue;
    }
    if (row.lockedUntil && row.lockedUntil > now) return { ok: false, retryAfterSeconds: secondsUntil(row.lockedUntil.getTime(), now) };
    const windowOver = row.windowStart.getTime() + ACCOUNT_WINDOW_MS <= now.getTime();
    const failures = (windowOver ? 0 : row.count) + 1;
    const { count } = await db.rateLimit.updateMany({
      where: { key, count: row.count, windowStart: row.windowStart, lockedUntil: row.lockedUntil },
      data: { count: failures, windowStart: windowOver ? now : row.windowStart, lockedUntil: lockAfter(failures) },
    });
    if (count === 1) return { ok: true };
  }
  // Fail closed: a counter that cannot be updated does not let guesses through.
  return { ok: false, retryAfterSeconds: ACCOUNT_BASE_DELAY_MS / 1000 };
}
