import "server-only";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { accessListAllows, accessListAt, type OrganisationListState } from "@/lib/access-list/list-cache";
import { reserveWindowSlot } from "@/lib/auth/rate-limit";

// Refused sign-ins are audited, but at most this many per address per window: someone
// who knows a password cannot flood the organisation's audit log from outside the list.
const AUDITED_REFUSALS_PER_IP = 10;
const REFUSAL_AUDIT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Whether a user who gave the right password may sign in from `ip`. Asked only after the
 * password was checked, so the refusal tells nothing to someone who did not know it.
 */
export async function signInAllowedByAccessList(options: {
  db: Db;
  user: { id: string; email: string; organisation: OrganisationListState };
  ip: string;
  now: Date;
}): Promise<boolean> {
  const { db, user, ip, now } = options;
  const { organisation } = user;
  if (!organisation.accessListEnabled || accessListAllows(await accessListAt(db, organisation), ip)) return true;
  const audited = await reserveWindowSlot({
    db,
    key: `audit:access-list-refused:${ip}`,
    limit: AUDITED_REFUSALS_PER_IP,
    windowMs: REFUSAL_AUDIT_WINDOW_MS,
    now,
  });
  if (audited.ok) {
    await recordAudit(db, { organisationId: organisation.id, type: "access_list.sign_in_refused", target: user, ip, at: now });
  }
  return false;
}
