import type { DbOrTransaction } from "@/lib/db";

/**
 * Counts one more event under `key` in a fixed window and returns the new count. Each
 * write is a single conditional statement, so parallel callers on any instance each get
 * their own count.
 */
export async function countInWindow(options: { db: DbOrTransaction; key: string; windowMs: number; now: Date }): Promise<number> {
  const { db, key, now } = options;
  await db.rateLimit.updateMany({
    where: { key, windowStart: { lte: new Date(now.getTime() - options.windowMs) } },
    data: { count: 0, windowStart: now, lockedUntil: null },
  });
  const row = await db.rateLimit.upsert({
    where: { key },
    create: { key, count: 1, windowStart: now },
    update: { count: { increment: 1 } },
    select: { count: true },
  });
  return row.count;
}
