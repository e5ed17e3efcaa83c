// Plain Node (server.ts loads it): the database-derived gauges of /metrics, read when scraped.
// Two counts per scrape (both on indexed columns), whatever the number of rows.
import type { Db } from "@/lib/db";
import { IDLE_TIMEOUT_MS } from "@/lib/auth/session-limits";
import type { DatabaseGaugeReader } from "@/lib/observability/metrics";

export function databaseGaugeReader(db: Db, now: () => Date = () => new Date()): DatabaseGaugeReader {
  return {
    async outboxDepth() {
      const rows = await db.outboxEmail.groupBy({ by: ["status"], where: { status: { in: ["QUEUED", "FAILED"] } }, _count: { _all: true } });
      const countOf = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
      return { queued: countOf("QUEUED"), failed: countOf("FAILED") };
    },
    activeSessions() {
      const at = now();
      return db.session.count({
        where: { stage: "COMPLETE", revokedAt: null, expiresAt: { gt: at }, lastSeenAt: { gt: new Date(at.getTime() - IDLE_TIMEOUT_MS) } },
      });
    },
  };
}
