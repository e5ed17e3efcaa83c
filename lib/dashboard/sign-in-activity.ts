import "server-only";
import type { Db } from "@/lib/db";
import type { AuditType } from "@/lib/audit-types";

const DAY_MS = 24 * 60 * 60 * 1000;
export const ACTIVITY_DAYS = 30;

/** A completed sign-in (every way in ends with this event). */
const SIGN_IN_TYPES: AuditType[] = ["login.succeeded"];
/** A refused attempt: wrong password, wrong or reused code (also the one that locks), or an address off the Access List. */
const FAILURE_TYPES: AuditType[] = ["login.failed", "two_factor.failed", "two_factor.replayed", "two_factor.locked", "access_list.sign_in_refused"];

export interface DayActivity {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  signIns: number;
  failures: number;
}

/** Sign-ins and failed attempts per UTC day over the last `days` days up to `now` (today included), zeros included, oldest first. */
export async function loadSignInActivity(options: { db: Db; organisationId: string; now: Date; days?: number }): Promise<DayActivity[]> {
  const { db, organisationId, now } = options;
  const days = options.days ?? ACTIVITY_DAYS;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const starts = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS));
  // One indexed count per day and series ((organisationId, type, createdAt)): no event rows leave the database.
  const count = (types: AuditType[], start: Date) =>
    db.auditEvent.count({
      where: { organisationId, type: { in: types }, createdAt: { gte: start, lt: new Date(Math.min(start.getTime() + DAY_MS, now.getTime() + 1)) } },
    });
  return Promise.all(
    starts.map(async (start) => ({
      day: start.toISOString().slice(0, 10),
      signIns: await count(SIGN_IN_TYPES, start),
      failures: await count(FAILURE_TYPES, start),
    })),
  );
}
