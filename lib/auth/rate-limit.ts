import "server-only";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// Fixed-window counters in the RateLimit table (so they hold across app instances). An
// attempt takes its slot before it is checked, in one conditional UPDATE, so N parallel
// attempts take N slots and none is checked once the window is full.

/** A slot taken in a window; give it back with releaseWindowSlot if the attempt was not a failure. */
export interface WindowSlot {
  key: string;
  windowStart: Date;
}

export type WindowReservation = { ok: true; slot: WindowSlot } | { ok: false; retryAfterSeconds: number };

// Each round either takes a slot, refuses, or loses to a write that changed the row
// (a new window, the row's creation): a handful of rounds even under heavy contention.
const MAX_ROUNDS = 20;

export async function reserveWindowSlot(options: { db: Db; key: string; limit: number; windowMs: number; now: Date }): Promise<WindowReservation> {
  const { db, key, limit, windowMs, now } = options;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, windowStart: true } });
    if (!row) {
      if (await createRow(db, { key, count: 1, windowStart: now })) return { ok: true, slot: { key, windowStart: now } };
      continue;
    }
    if (row.windowStart.getTime() + windowMs <= now.getTime()) {
      // The window is over: start a new one, unless another attempt just did.
      const { count } = await db.rateLimit.updateMany({
        where: { key, windowStart: row.windowStart },
        data: { count: 1, windowStart: now, lockedUntil: null },
      });
      if (count === 1) return { ok: true, slot: { key, windowStart: now } };
      continue;
    }
    if (row.count >= limit) return { ok: false, retryAfterSeconds: secondsUntil(row.windowStart.getTime() + windowMs, now) };
    const { count } = await db.rateLimit.updateMany({
      where: { key, windowStart: row.windowStart, count: { lt: limit } },
      data: { count: { increment: 1 } },
    });
    if (count === 1) return { ok: true, slot: { key, windowStart: row.windowStart } };
  }
  // Fail closed: a counter that cannot be updated does not let attempts through.
  return { ok: false, retryAfterSeconds: Math.ceil(windowMs / 1000) };
}

/** Gives a slot back to its window (not to a later one). */
export async function releaseWindowSlot(db: Db, slot: WindowSlot): Promise<void> {
  await db.rateLimit.updateMany({
    where: { key: slot.key, windowStart: slot.windowStart, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/** Creates a counter row; false if another attempt created it first (then re-read it). */
export async function createRow(db: Db, data: { key: string; count: number; windowStart: Date; lockedUntil?: Date | null }): Promise<boolean> {
  try {
    await db.rateLimit.create({ data });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

export function secondsUntil(time: number, now: Date): number {
  return Math.max(1, Math.ceil((time - now.getTime()) / 1000));
}
