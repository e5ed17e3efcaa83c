import "server-only";
import type { Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { describeBrowser } from "@/lib/mail/notices";
import { queueEmailToAdmins } from "@/lib/mail/outbox";

// "Lost your phone and backup codes?" (issue 14): a user who passed the password step asks
// their organisation's admins for a temporary access code. One open request per user and at
// most 3 a day, so nobody can flood the admins; every active admin is mailed.

export const RECOVERY_REQUESTS_PER_DAY = 3;
export const RECOVERY_MESSAGE_MAX = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RecoveryRequestResult =
  | { ok: true; status: "sent"; at: Date }
  /** One is open already: nothing new, the admins were told then. */
  | { ok: true; status: "already-open"; at: Date }
  /** 3 in the last 24 hours: refused until `retryAt`. */
  | { ok: false; reason: "too-many"; retryAt: Date }
  /** Only an enrolled user (at the challenge) has a second factor to recover. */
  | { ok: false; reason: "not-enrolled" };

export async function requestRecovery(options: {
  db: Db;
  userId: string;
  message: string | null;
  ip: string;
  userAgent: string | null;
  now: Date;
}): Promise<RecoveryRequestResult> {
  const { db, userId, ip, now } = options;
  return db.$transaction(async (tx) => {
    // Touching the user's row first serialises one user's requests (PostgreSQL row lock; SQLite
    // writes one transaction at a time), so two parallel requests never both find none open.
    const { count } = await tx.user.updateMany({ where: { id: userId, twoFactorStatus: "ACTIVE" }, data: { updatedAt: now } });
    if (count !== 1) return { ok: false, reason: "not-enrolled" } as const;
    const open = await tx.recoveryRequest.findFirst({
      where: { userId, closedAt: null },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (open) return { ok: true, status: "already-open", at: open.createdAt } as const;
    const recent = await tx.recoveryRequest.findMany({
      where: { userId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });
    if (recent.length >= RECOVERY_REQUESTS_PER_DAY) {
      return {
        ok: false,
        reason: "too-many",
        retryAt: new Date(recent[recent.length - RECOVERY_REQUESTS_PER_DAY]!.createdAt.getTime() + DAY_MS),
      } as const;
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, organisationId: true } });
    const message = options.message?.trim() || null;
    await tx.recoveryRequest.create({
      data: { organisationId: user.organisationId, userId, message, ip, userAgent: options.userAgent, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, { organisationId: user.organisationId, type: "recovery.requested", actor: user, target: user, ip, at: now });
    await queueEmailToAdmins(
      tx,
      {
        template: "recovery-requested",
        organisationId: user.organisationId,
        data: {
          userName: user.name,
          userEmail: user.email,
          at: now.toISOString(),
          ip,
          browser: describeBrowser(options.userAgent),
          hasMessage: message !== null,
        },
      },
      { now },
    );
    return { ok: true, status: "sent", at: now } as const;
  });
}

/** When the user's open request was sent, or null: the request page shows "already asked" straight away. */
export async function openRecoveryRequestOf(options: { db: Db; userId: string }): Promise<Date | null> {
  const open = await options.db.recoveryRequest.findFirst({
    where: { userId: options.userId, closedAt: null },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return open?.createdAt ?? null;
}

export interface OpenRecoveryRequest {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  /** The user's 2FA is still Active: a temporary access code can be issued. */
  canIssue: boolean;
  createdAt: Date;
  ip: string;
  browser: string;
  message: string | null;
}

/** The organisation's open requests, oldest first (who has waited longest). */
export async function listOpenRecoveryRequests(options: { db: Db; organisationId: string }): Promise<OpenRecoveryRequest[]> {
  const rows = await options.db.recoveryRequest.findMany({
    where: { organisationId: options.organisationId, closedAt: null },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: {
      id: true,
      createdAt: true,
      ip: true,
      userAgent: true,
      message: true,
      user: { select: { id: true, name: true, email: true, twoFactorStatus: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    userId: row.user.id,
    userName: row.user.name,
    userEmail: row.user.email,
    canIssue: row.user.twoFactorStatus === "ACTIVE",
    createdAt: row.createdAt,
    ip: row.ip,
    browser: describeBrowser(row.userAgent),
    message: row.message,
  }));
}

/** For the side panel's count (admins only). */
export function countOpenRecoveryRequests(options: { db: Db; organisationId: string }): Promise<number> {
  return options.db.recoveryRequest.count({ where: { organisationId: options.organisationId, closedAt: null } });
}

/** An admin closes a request without a code. A foreign or unknown id, or one already closed, changes nothing. */
export async function dismissRecoveryRequest(options: {
  db: Db;
  organisationId: string;
  requestId: string;
  actor: AuditActor;
  ip: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; reason: "not-open" }> {
  const { db, organisationId, actor, ip, now } = options;
  return db.$transaction(async (tx) => {
    const { count } = await tx.recoveryRequest.updateMany({
      where: { id: options.requestId, organisationId, closedAt: null },
      data: { closedAt: now, closedById: actor.id, closedHow: "dismissed" },
    });
    if (count !== 1) return { ok: false, reason: "not-open" } as const;
    const request = await tx.recoveryRequest.findUniqueOrThrow({
      where: { id: options.requestId },
      select: { user: { select: { id: true, email: true } } },
    });
    await recordAudit(tx, { organisationId, type: "recovery.dismissed", actor, target: request.user, ip, at: now });
    return { ok: true } as const;
  });
}
