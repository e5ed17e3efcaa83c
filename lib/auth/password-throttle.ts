import "server-only";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// DESIGN §2: per-account backoff and a per-IP limit, kept in the database so they
// hold across app instances. Keys use the typed email, whether or not the account
// exists, so throttling reveals nothing about which emails are registered.
const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
const ACCOUNT_FREE_FAILURES = 4; // the 5th consecutive failure starts the backoff
const ACCOUNT_BASE_DELAY_MS = 30 * 1000;
const ACCOUNT_MAX_DELAY_MS = 15 * 60 * 1000;
const ACCOUNT_HOURLY_CAP = 100;
const IP_WINDOW_MS = 15 * 60 * 1000;
const IP_MAX_FAILURES = 50;

export const accountKey = (email: string) => `password:account:${email}`;
export const ipKey = (ip: string) => `password:ip:${ip}`;

export type ThrottleState = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export async function checkPasswordThrottle(options: {
  db: Db;
  email: string;
  ip: string;
  now: Date;
}): Promise<ThrottleState> {
  const rows = await options.db.rateLimit.findMany({
    where: { key: { in: [accountKey(options.email), ipKey(options.ip)] } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  if (until > options.now.getTime()) {
    return { allowed: false, retryAfterSeconds: Math.ceil((until - options.now.getTime()) / 1000) };
  }
  return { allowed: true };
}

/** Delay before the next attempt after `failures` consecutive failures. */
export function accountBackoffMs(failures: number): number {
  if (failures <= ACCOUNT_FREE_FAILURES) return 0;
  if (failures >= ACCOUNT_HOURLY_CAP) return ACCOUNT_WINDOW_MS;
  const doublings = failures - ACCOUNT_FREE_FAILURES - 1;
  return Math.min(ACCOUNT_BASE_DELAY_MS * 2 ** doublings, ACCOUNT_MAX_DELAY_MS);
}

export async function recordPasswordFailure(options: {
  db: Db;
  email: string;
  ip: string;
  now: Date;
}): Promise<void> {
  const { db, now } = options;
  const account = await bumpCounter(db, accountKey(options.email), now, ACCOUNT_WINDOW_MS);
  const accountDelay = accountBackoffMs(account.count);
  if (accountDelay > 0) {
    await db.rateLimit.update({
      where: { key: account.key },
      data: { lockedUntil: new Date(now.getTime() + accountDelay) },
    });
  }
  const ip = await bumpCounter(db, ipKey(options.ip), now, IP_WINDOW_MS);
  if (ip.count >= IP_MAX_FAILURES) {
    await db.rateLimit.update({
      where: { key: ip.key },
      data: { lockedUntil: new Date(ip.windowStart.getTime() + IP_WINDOW_MS) },
    });
  }
}

/** A correct password ends the account's run of failures (the IP window runs on). */
export async function clearPasswordFailures(options: { db: Db; email: string }): Promise<void> {
  await options.db.rateLimit.deleteMany({ where: { key: accountKey(options.email) } });
}

/** Increments a windowed counter with conditional updates (no read-then-write race). */
async function bumpCounter(db: Db, key: string, now: Date, windowMs: number) {
  const windowFloor = new Date(now.getTime() - windowMs);
  const { count } = await db.rateLimit.updateMany({
    where: { key, windowStart: { gt: windowFloor } },
    data: { count: { increment: 1 } },
  });
  if (count === 0) {
    try {
      await db.rateLimit.upsert({
        where: { key },
        create: { key, count: 1, windowStart: now },
        update: { count: 1, windowStart: now, lockedUntil: null },
      });
    } catch (error) {
      // Two first failures at once (PostgreSQL, several instances): the other one created
      // the row; count this failure on it.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
    }
  }
  return db.rateLimit.findUniqueOrThrow({
    where: { key },
    select: { key: true, count: true, windowStart: true },
  });
}
