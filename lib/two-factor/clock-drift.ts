import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import { clockDriftMinutes, type NearMiss } from "@/lib/two-factor/totp";

// The near miss a user's last wrong authenticator code was (lib/two-factor/totp.ts), kept on
// the user so the next wrong code can be compared with it: set or cleared by every wrong code,
// cleared by a backup-code attempt and by a right code.

type NearMissFields = { totpNearMissStep: number | null; totpNearMissOffset: number | null };

export function storedNearMiss(user: NearMissFields): NearMiss | null {
  return user.totpNearMissStep === null || user.totpNearMissOffset === null ? null : { step: user.totpNearMissStep, offset: user.totpNearMissOffset };
}

/**
 * Records what a wrong code was (a near miss, or null) in place of `previous`, in one
 * conditional write (every wrong code makes it, so a near miss costs what any wrong code
 * does), and returns the drift the two show together, if they do. If a parallel attempt
 * changed the record meanwhile, the two are not consecutive: the record is cleared, no drift.
 */
export async function noteTotpNearMiss(options: {
  db: DbOrTransaction;
  userId: string;
  previous: NearMiss | null;
  nearMiss: NearMiss | null;
}): Promise<number | null> {
  const { db, userId, previous, nearMiss } = options;
  const { count } = await db.user.updateMany({
    where: { id: userId, totpNearMissStep: previous?.step ?? null, totpNearMissOffset: previous?.offset ?? null },
    data: { totpNearMissStep: nearMiss?.step ?? null, totpNearMissOffset: nearMiss?.offset ?? null },
  });
  if (count === 1) return clockDriftMinutes(previous, nearMiss);
  await forgetTotpNearMiss(db, userId);
  return null;
}

export async function forgetTotpNearMiss(db: DbOrTransaction, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { totpNearMissStep: null, totpNearMissOffset: null } });
}
