import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LoginMethod, Role, SessionStage, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { recordAudit, type AuditType } from "@/lib/audit";
import { randomToken } from "@/lib/crypto";
import { noticeSignInAddress } from "@/lib/mail/notices";

// Session records (DESIGN §2): one row per sign-in, created by a correct password and
// revoked by every way out. The session token carries the record's id and generation;
// every request reads the record (lib/auth/session-claims.ts), so a revoked session is
// dead everywhere at once, however many copies of its cookie exist.

import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "@/lib/auth/session-limits";
export { IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-limits";
/** The pending second-factor step stays open this long (DESIGN §2: 5 minutes). */
export const PENDING_STEP_MS = 5 * 60 * 1000;
/** "Last seen" is written at most this often. */
export const LAST_SEEN_INTERVAL_MS = 60 * 1000;
/** Ended sessions are kept this long (sessions list, new-address detection), then pruned. */
export const SESSION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export type SessionEndReason =
  | "signed-out"
  | "login-cancelled"
  | "other-sessions-signed-out"
  | "two-factor-disabled"
  | "two-factor-reset"
  | "pending-step-expired"
  | "idle-timeout"
  | "absolute-timeout"
  | "password-reset"
  | "password-changed"
  | "temporary-access-code"
  | "signed-out-from-sessions-list"
  | "signed-out-by-admin"
  | "passkey-removed";

/**
 * How a session passed its second factor. "passkey": a passkey at the challenge, or on its own
 * (with user verification, both factors at once); "passkey-setup": the setup wizard's new passkey.
 */
export type SecondFactorMethod = "totp" | "backup-code" | "two-factor-setup" | "trusted-browser" | "passkey" | "passkey-setup";

/** Whether a record has not been revoked and is within its 12 hours. */
const live = (now: Date) => ({ revokedAt: null, expiresAt: { gt: now } }) satisfies Prisma.SessionWhereInput;

/** Starts a session for a correct password: complete, or waiting for its second factor. */
export async function createSession(options: {
  db: DbOrTransaction;
  user: { id: string; organisationId: string };
  stage: "COMPLETE" | "SECOND_FACTOR";
  ip: string;
  userAgent: string | null;
  now: Date;
  /** A complete session that skipped the challenge on a trusted browser says so. */
  secondFactor?: SecondFactorMethod;
}): Promise<{ id: string; generation: number }> {
  const { now } = options;
  const session = await options.db.session.create({
    data: {
      id: randomToken(),
      userId: options.user.id,
      organisationId: options.user.organisationId,
      createdAt: now,
      lastSeenAt: now,
      ip: options.ip,
      userAgent: options.userAgent,
      stage: options.stage,
      pendingUntil: options.stage === "SECOND_FACTOR" ? new Date(now.getTime() + PENDING_STEP_MS) : null,
      completedAt: options.stage === "COMPLETE" ? now : null,
      ...(options.secondFactor ? { secondFactor: options.secondFactor } : {}),
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    },
    select: { id: true, generation: true },
  });
  return session;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  stage: SessionStage;
  secondFactor: string | null;
  pendingUntil: Date | null;
  completedAt: Date | null;
  generation: number;
  expiresAt: Date;
  revokedAt: Date | null;
  user: { name: string; email: string; role: Role; organisationId: string; twoFactorStatus: TwoFactorStatus; twoFactorDueAt: Date | null };
  organisation: { id: string; name: string; accessListEnabled: boolean; accessListVersion: number; loginMethod: LoginMethod };
}

/**
 * The record and everything a request needs with it (the user's profile and 2FA state,
 * the organisation's Access List switch and version) in one indexed read: a join Prisma
 * would make three queries of on SQLite. Identifiers are quoted the way both databases read them.
 */
export async function readSession(db: Db, sessionId: string): Promise<SessionRecord | null> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT s."id", s."userId", s."createdAt", s."lastSeenAt", s."stage", s."secondFactor", s."pendingUntil",
           s."completedAt", s."generation", s."expiresAt", s."revokedAt",
           u."name" AS "userName", u."email", u."role", u."organisationId", u."twoFactorStatus", u."twoFactorDueAt",
           o."name" AS "organisationName", o."accessListEnabled", o."accessListVersion", o."loginMethod"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    JOIN "Organisation" o ON o."id" = s."organisationId"
    WHERE s."id" = ${sessionId}`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: String(row.id),
    userId: String(row.userId),
    createdAt: asDate(row.createdAt)!,
    lastSeenAt: asDate(row.lastSeenAt)!,
    stage: row.stage as SessionStage,
    secondFactor: row.secondFactor === null ? null : String(row.secondFactor),
    pendingUntil: asDate(row.pendingUntil),
    completedAt: asDate(row.completedAt),
    generation: Number(row.generation),
    expiresAt: asDate(row.expiresAt)!,
    revokedAt: asDate(row.revokedAt),
    user: {
      name: String(row.userName),
      email: String(row.email),
      role: row.role as Role,
      organisationId: String(row.organisationId),
      twoFactorStatus: row.twoFactorStatus as TwoFactorStatus,
      twoFactorDueAt: asDate(row.twoFactorDueAt),
    },
    organisation: {
      id: String(row.organisationId),
      name: String(row.organisationName),
      accessListEnabled: row.accessListEnabled === true || row.accessListEnabled === 1 || row.accessListEnabled === 1n,
      accessListVersion: Number(row.accessListVersion),
      loginMethod: row.loginMethod as LoginMethod,
    },
  };
}

/** A timestamp as either database hands it back through a raw query (a Date, an ISO string, or epoch ms). */
function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
}

/** Why a record can no longer carry a request, or null while it can. */
export function sessionEnd(record: Pick<SessionRecord, "revokedAt" | "expiresAt" | "lastSeenAt">, now: Date): SessionEndReason | "revoked" | null {
  if (record.revokedAt) return "revoked";
  if (now >= record.expiresAt) return "absolute-timeout";
  if (now.getTime() - record.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return "idle-timeout";
  return null;
}

/** Notes activity, at most once a minute per session. */
export async function touchSession(db: Db, record: Pick<SessionRecord, "id" | "lastSeenAt">, now: Date): Promise<void> {
  if (now.getTime() - record.lastSeenAt.getTime() < LAST_SEEN_INTERVAL_MS) return;
  await db.session.updateMany({ where: { id: record.id, revokedAt: null }, data: { lastSeenAt: now } });
}

/** Sends a complete session back to a second-factor step (a new requirement reached it). */
export async function returnToSecondFactor(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.session.updateMany({
    // Never a session that has just passed a second factor in a request running alongside.
    where: { id: sessionId, stage: "COMPLETE", secondFactor: null, revokedAt: null },
    data: { stage: "SECOND_FACTOR", pendingUntil: new Date(now.getTime() + PENDING_STEP_MS) },
  });
}

/**
 * Whether a session's second-factor step is open, asked before its page is shown and before
 * a code is checked (so no code is spent on a step that can no longer be passed). A session
 * that was complete before (a new requirement sent it back) gets 5 fresh minutes each time;
 * a fresh login's step is never extended: it ends 5 minutes after the password.
 */
export async function openSecondFactorStep(options: { db: Db; sessionId: string; userId: string; now: Date }): Promise<boolean> {
  const record = await readSession(options.db, options.sessionId);
  return record !== null && record.userId === options.userId && isStepOpen(options.db, record, options.now);
}

/** A fresh login (never complete) whose 5-minute second-factor step has run out. */
export function freshStepRanOut(record: Pick<SessionRecord, "completedAt" | "pendingUntil">, now: Date): boolean {
  return !record.completedAt && (record.pendingUntil === null || record.pendingUntil <= now);
}

/** The same, for a record already read. */
export async function isStepOpen(db: Db, record: SessionRecord, now: Date): Promise<boolean> {
  if (record.stage !== "SECOND_FACTOR" || sessionEnd(record, now)) return false;
  if (!record.completedAt) return !freshStepRanOut(record, now);
  await db.session.updateMany({
    where: { id: record.id, stage: "SECOND_FACTOR", revokedAt: null },
    data: { pendingUntil: new Date(now.getTime() + PENDING_STEP_MS) },
  });
  return true;
}

/**
 * Marks a session's second-factor step passed. The generation moves on, so no copy of the
 * pending token can ride on the passed step (Auth.js issues the new token). False when the
 * step was already passed, has expired, or is not this user's at this generation.
 */
export async function passSecondFactorStep(options: {
  db: DbOrTransaction;
  sessionId: string;
  userId: string;
  generation: number;
  method: SecondFactorMethod;
  now: Date;
}): Promise<boolean> {
  const { now } = options;
  const { count } = await options.db.session.updateMany({
    where: {
      id: options.sessionId,
      userId: options.userId,
      generation: options.generation,
      stage: "SECOND_FACTOR",
      pendingUntil: { gt: now },
      ...live(now),
    },
    data: { stage: "COMPLETE", secondFactor: options.method, pendingUntil: null, completedAt: now, generation: { increment: 1 } },
  });
  return count === 1;
}

/**
 * A session waiting at a second-factor step after its organisation's login method became
 * Standard: the password it passed is all Standard asks, so it is complete. A login that
 * had not completed before is audited as a success, as a Standard sign-in would be.
 */
export async function completeWithPasswordAlone(options: { db: Db; record: SessionRecord; ip: string; now: Date }): Promise<void> {
  const { record, now } = options;
  await options.db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: record.id, stage: "SECOND_FACTOR", revokedAt: null },
      data: { stage: "COMPLETE", pendingUntil: null, completedAt: record.completedAt ?? now },
    });
    if (count !== 1 || record.completedAt) return;
    const user = { id: record.userId, email: record.user.email };
    const { userAgent } = await tx.session.findUniqueOrThrow({ where: { id: record.id }, select: { userAgent: true } });
    await noticeSignInAddress(tx, { userId: user.id, ip: options.ip, userAgent, now });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now }, select: { id: true } });
    await recordAudit(tx, {
      organisationId: record.user.organisationId,
      type: "login.succeeded",
      actor: user,
      target: user,
      ip: options.ip,
      detail: { method: "password", loginMethod: "Standard" },
      at: now,
    });
  });
}

/** A session that proved a second factor outside the login (the voluntary set-up in settings). */
export async function recordSecondFactorPassed(options: { db: DbOrTransaction; sessionId: string; userId: string; method: SecondFactorMethod }) {
  await options.db.session.updateMany({
    where: { id: options.sessionId, userId: options.userId, revokedAt: null },
    data: { secondFactor: options.method },
  });
}

/** Ends one session. True if this call ended it (it was still live). */
export async function revokeSession(options: { db: DbOrTransaction; sessionId: string; reason: SessionEndReason; now: Date }): Promise<boolean> {
  const { count } = await options.db.session.updateMany({
    where: { id: options.sessionId, revokedAt: null },
    data: { revokedAt: options.now, revokedReason: options.reason },
  });
  return count === 1;
}

/** Ends every live session of these users (optionally but one). Returns how many it ended. */
export async function revokeUserSessions(options: {
  db: DbOrTransaction;
  userIds: string[] | Prisma.UserWhereInput;
  exceptSessionId?: string;
  reason: SessionEndReason;
  now: Date;
}): Promise<number> {
  const { now } = options;
  const users = Array.isArray(options.userIds) ? { userId: { in: options.userIds } } : { user: options.userIds };
  const { count } = await options.db.session.updateMany({
    where: { ...users, ...live(now), ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
    data: { revokedAt: now, revokedReason: options.reason },
  });
  return count;
}

/**
 * Sign-out by any route (the app's button, Auth.js's /api/auth/signout, cancelling a
 * pending login): the record is revoked and the event audited, in one transaction.
 */
export async function endSessionBySignOut(options: { db: Db; sessionId: string; userId: string; ip: string; now: Date }): Promise<void> {
  const { db, now } = options;
  await db.$transaction(async (tx) => {
    const session = await tx.session.findUnique({
      where: { id: options.sessionId },
      select: { userId: true, organisationId: true, stage: true, user: { select: { id: true, email: true } } },
    });
    if (!session || session.userId !== options.userId) return;
    const pending = session.stage === "SECOND_FACTOR";
    const ended = await revokeSession({ db: tx, sessionId: options.sessionId, reason: pending ? "login-cancelled" : "signed-out", now });
    if (!ended) return;
    const type: AuditType = pending ? "login.cancelled" : "logout";
    await recordAudit(tx, { organisationId: session.organisationId, type, actor: session.user, target: session.user, ip: options.ip, at: now });
  });
}

/**
 * A fresh login whose second-factor step ran out: ended and audited as abandoned (once,
 * however many requests or instances notice it).
 */
export async function abandonExpiredLogin(options: { db: Db; sessionId: string; now: Date }): Promise<void> {
  const { db, now } = options;
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: options.sessionId, stage: "SECOND_FACTOR", completedAt: null, pendingUntil: { lte: now }, revokedAt: null },
      data: { revokedAt: now, revokedReason: "pending-step-expired" },
    });
    if (count !== 1) return;
    const session = await tx.session.findUniqueOrThrow({
      where: { id: options.sessionId },
      select: { organisationId: true, ip: true, createdAt: true, user: { select: { id: true, email: true } } },
    });
    await recordAudit(tx, {
      organisationId: session.organisationId,
      type: "login.abandoned",
      actor: session.user,
      target: session.user,
      ip: session.ip,
      detail: { passwordAt: session.createdAt.toISOString() },
      at: now,
    });
  });
}

/** "Sign out other sessions": every other live session of the caller ends; audited with the count. */
export async function signOutOtherSessionsOf(options: {
  db: Db;
  caller: { id: string; email: string; organisationId: string; sessionId: string };
  ip: string;
  now: Date;
}): Promise<number> {
  const { db, caller, now } = options;
  return db.$transaction(async (tx) => {
    const ended = await revokeUserSessions({
      db: tx,
      userIds: [caller.id],
      exceptSessionId: caller.sessionId,
      reason: "other-sessions-signed-out",
      now,
    });
    await recordAudit(tx, {
      organisationId: caller.organisationId,
      type: "sessions.revoked",
      actor: caller,
      target: caller,
      ip: options.ip,
      detail: { ended },
      at: now,
    });
    return ended;
  });
}
