import "server-only";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { sha256 } from "@/lib/crypto";
import { browserName } from "@/lib/http/browser-name";
import { IDLE_TIMEOUT_MS, revokeSession, revokeUserSessions } from "@/lib/auth/sessions";

// Settings > Security's "Sessions" list and its per-row "Sign out", and the admin's "Sign out
// all sessions" for one user. The list comes from the session records (DESIGN §2). A row is
// named by a handle derived from the record's id, so the page never carries the id itself.

export interface SessionRow {
  /** Names the row for "Sign out"; not the session's id. */
  handle: string;
  browser: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** A login that passed the password and waits for its second factor. */
  waitingForTwoFactor: boolean;
  current: boolean;
}

/** The records that can still carry a request: not revoked, within 12 hours and the idle timeout; a pending step still open. */
function liveWhere(userId: string, now: Date): Prisma.SessionWhereInput {
  return {
    userId,
    revokedAt: null,
    expiresAt: { gt: now },
    lastSeenAt: { gt: new Date(now.getTime() - IDLE_TIMEOUT_MS) },
    OR: [{ stage: "COMPLETE" }, { stage: "SECOND_FACTOR", pendingUntil: { gt: now } }],
  };
}

const handleOf = (sessionId: string) => sha256(`session-row:${sessionId}`).slice(0, 22);

// A person has a handful of sessions; past this many the list shows the most recent.
const MAX_ROWS = 100;

async function liveSessions(db: Db, userId: string, now: Date) {
  return db.session.findMany({
    where: liveWhere(userId, now),
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true, stage: true },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    take: MAX_ROWS,
  });
}

/** The user's live sessions, most recently active first; `currentSessionId` marks "This session" (listed first). */
export async function listSessionsOf(db: Db, options: { userId: string; currentSessionId: string; now: Date }): Promise<SessionRow[]> {
  const rows = (await liveSessions(db, options.userId, options.now)).map((row) => ({
    handle: handleOf(row.id),
    browser: browserName(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    waitingForTwoFactor: row.stage === "SECOND_FACTOR",
    current: row.id === options.currentSessionId,
  }));
  return [...rows.filter((row) => row.current), ...rows.filter((row) => !row.current)];
}

export type SignOutSessionResult = { ok: true } | { ok: false; reason: "not-found" | "current" };

/**
 * "Sign out" on one row: that session ends at its next request, the others stay. Only the
 * caller's own live sessions can be named; anyone else's, an ended one or a made-up handle
 * all get the same "not found". The caller's own session is signed out with the usual button.
 */
export async function signOutSession(
  db: Db,
  options: { caller: AuditActor & { organisationId: string; sessionId: string }; handle: string; ip: string; now: Date },
): Promise<SignOutSessionResult> {
  const { caller, now } = options;
  const target = (await liveSessions(db, caller.id, now)).find((row) => handleOf(row.id) === options.handle);
  if (!target) return { ok: false, reason: "not-found" };
  if (target.id === caller.sessionId) return { ok: false, reason: "current" };
  return db.$transaction(async (tx) => {
    const ended = await revokeSession({ db: tx, sessionId: target.id, reason: "signed-out-from-sessions-list", now });
    if (!ended) return { ok: false as const, reason: "not-found" as const };
    await recordAudit(tx, {
      organisationId: caller.organisationId,
      type: "session.signed_out",
      actor: caller,
      target: caller,
      ip: options.ip,
      detail: { browser: browserName(target.userAgent), sessionIp: target.ip },
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * An admin signs out every session of one user of their organisation (a user of another
 * organisation is answered like an unknown one). On the admin's own row their current
 * session stays: they asked from it, and "Sign out" is one click away.
 */
export async function signOutAllSessionsByAdmin(
  db: Db,
  options: { organisationId: string; userId: string; actor: AuditActor & { sessionId: string }; ip: string; now: Date },
): Promise<{ ok: true; ended: number; user: { name: string; email: string }; keptCurrent: boolean } | { ok: false }> {
  const { now } = options;
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: options.userId, organisationId: options.organisationId },
      select: { id: true, email: true, name: true },
    });
    if (!user) return { ok: false as const };
    const own = user.id === options.actor.id;
    const ended = await revokeUserSessions({
      db: tx,
      userIds: [user.id],
      ...(own ? { exceptSessionId: options.actor.sessionId } : {}),
      reason: "signed-out-by-admin",
      now,
    });
    await recordAudit(tx, {
      organisationId: options.organisationId,
      type: "sessions.revoked_by_admin",
      actor: options.actor,
      target: user,
      ip: options.ip,
      detail: { ended },
      at: now,
    });
    return { ok: true as const, ended, user, keptCurrent: own };
  });
}
