import "server-only";
import type { Db } from "@/lib/db";
import { abandonExpiredLogin, PENDING_STEP_MS, SESSION_RETENTION_MS } from "@/lib/auth/sessions";
import { sweepTemporaryAccessCodes } from "@/lib/two-factor/temporary-access-code";
import { sweepExpiredTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { sweepChallenges } from "@/lib/webauthn/challenges";

// The periodic job every app instance runs (server.ts): logins left at their second-factor
// step are ended and audited as abandoned, and session records are pruned 90 days after
// they could last have been used. Each step is a conditional write, so instances running
// it at the same time do each thing once.
export const MAINTENANCE_INTERVAL_MS = 5 * 60 * 1000;
const BATCH = 500;

export async function sweepAbandonedLogins(options: { db: Db; now: Date }): Promise<number> {
  const { db, now } = options;
  const expired = await db.session.findMany({
    where: { stage: "SECOND_FACTOR", completedAt: null, pendingUntil: { lte: now }, revokedAt: null },
    select: { id: true },
    take: BATCH,
  });
  for (const session of expired) await abandonExpiredLogin({ db, sessionId: session.id, now });
  return expired.length;
}

/** Deletes records whose sessions ended (at the latest, their 12-hour limit) more than 90 days ago. */
export async function pruneSessions(options: { db: Db; now: Date }): Promise<number> {
  const cutoff = new Date(options.now.getTime() - SESSION_RETENTION_MS);
  const { count } = await options.db.session.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  return count;
}

export async function runSessionMaintenance(options: { db: Db; now: Date }) {
  return {
    abandoned: await sweepAbandonedLogins(options),
    pruned: await pruneSessions(options),
    temporaryCodes: await sweepTemporaryAccessCodes(options),
    trustedBrowsersExpired: await sweepExpiredTrustedBrowsers(options),
    passkeyChallenges: await sweepChallenges(options.db, options.now),
  };
}

export function startSessionMaintenance(options: { db: Db; intervalMs?: number; log?: (message: string) => void }) {
  // A run still going (a database that is restarting) is not joined by another; a failed one is logged and the next runs on time.
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await runSessionMaintenance({ db: options.db, now: new Date() });
    } catch (error) {
      options.log?.(`Session maintenance failed: ${String(error)}`);
    } finally {
      running = false;
    }
  };
  // The first run waits a little: a pending step is never older than PENDING_STEP_MS at start-up anyway.
  const first = setTimeout(run, Math.min(PENDING_STEP_MS, 30_000));
  const timer = setInterval(run, options.intervalMs ?? MAINTENANCE_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
