import "server-only";
import type { Db } from "@/lib/db";
import { graceDaysLeft } from "@/lib/auth/login-flow";

/** Whole days a user has left to set up the 2FA their organisation requires; null when no grace period runs. */
export async function graceDaysLeftFor(options: { db: Db; userId: string; now: Date }): Promise<number | null> {
  const user = await options.db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { twoFactorStatus: true, twoFactorDueAt: true } });
  return graceDaysLeft(user, options.now);
}
