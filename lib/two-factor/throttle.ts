import "server-only";
import type { Db } from "@/lib/db";
import { releaseWindowSlot, reserveWindowSlot, type WindowSlot } from "@/lib/auth/rate-limit";
import { releaseTwoFactorAttempt, reserveTwoFactorAttempt, type LockState, type TwoFactorReservation } from "@/lib/two-factor/lockout";

// DESIGN §2: the second factor is limited per account (lockout.ts) and per IP across
// accounts, against credential stuffing that gets past the password step and then
// sprays codes over many accounts. Both are reserved before the code is checked.
const IP_WINDOW_MS = 15 * 60 * 1000;
const IP_MAX_FAILURES = 20;

export const twoFactorIpKey = (ip: string) => `two-factor:ip:${ip}`;

/** What a code attempt holds while its code is checked. */
export interface SecondFactorAttempt {
  ipSlot: WindowSlot;
  account: TwoFactorReservation;
}

/** Why an attempt was refused without checking its code. */
export type SecondFactorRefusal =
  { ok: false; reason: "rate-limited"; retryAfterSeconds: number } | { ok: false; reason: "locked"; lock: Exclude<LockState, { kind: "open" }> };

/** Counts an attempt as a failure of its IP and of the account, or refuses it. `lock`: the state if the code is wrong. */
export async function reserveSecondFactorAttempt(options: {
  db: Db;
  userId: string;
  ip: string;
  now: Date;
}): Promise<{ ok: true; attempt: SecondFactorAttempt; lock: LockState } | SecondFactorRefusal> {
  const { db, userId, now } = options;
  const ip = await reserveWindowSlot({ db, key: twoFactorIpKey(options.ip), limit: IP_MAX_FAILURES, windowMs: IP_WINDOW_MS, now });
  if (!ip.ok) return { ok: false, reason: "rate-limited", retryAfterSeconds: ip.retryAfterSeconds };
  const account = await reserveTwoFactorAttempt({ db, userId, now }).catch(async (error: unknown) => {
    await releaseWindowSlot(db, ip.slot);
    throw error;
  });
  if (!account.ok) {
    await releaseWindowSlot(db, ip.slot);
    return { ok: false, reason: "locked", lock: account.lock };
  }
  return { ok: true, attempt: { ipSlot: ip.slot, account: account.reservation }, lock: account.lock };
}

/** A code that was not a failure (right, or a replay of a right one) gives both reservations back. */
export async function releaseSecondFactorAttempt(db: Db, attempt: SecondFactorAttempt): Promise<void> {
  await releaseTwoFactorAttempt(db, attempt.account);
  await releaseWindowSlot(db, attempt.ipSlot);
}
