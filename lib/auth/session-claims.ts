import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { isSignedOut } from "@/lib/auth/signed-out-sessions";
import { isChallengeOpen } from "@/lib/two-factor/login-challenge";

// DESIGN §2: idle timeout 30 minutes, absolute 12 hours.
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/**
 * How far a session has come. "two-factor": the password was right, the 2FA step is
 * still to do, and only that step's pages and actions answer. "complete": signed in.
 */
export type SessionStage = "complete" | "two-factor";

interface CommonClaims {
  uid: string;
  /** This session's own id, for "sign out other sessions". */
  sid: string;
  /** The user's session version when the token was issued; a bump revokes the token. */
  sv: number;
  loginAt: number;
  seenAt: number;
}

export interface CompleteClaims extends CommonClaims {
  stage: "complete";
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

export interface TwoFactorClaims extends CommonClaims {
  stage: "two-factor";
  /** The server-side LoginChallenge this pending session belongs to. */
  cid: string;
}

/** What the session token carries. Only the server writes it; it is re-checked on every request. */
export type SessionClaims = CompleteClaims | TwoFactorClaims;

type NewClaims = Pick<CommonClaims, "uid" | "sid" | "sv" | "loginAt" | "seenAt"> &
  ({ stage: "complete" } | { stage: "two-factor"; cid: string });

export function newCompleteClaims(user: { id: string; sessionVersion: number }, loginAt: Date, now: Date): NewClaims {
  return { stage: "complete", uid: user.id, sid: crypto.randomUUID(), sv: user.sessionVersion, loginAt: loginAt.getTime(), seenAt: now.getTime() };
}

export function newTwoFactorClaims(user: { id: string; sessionVersion: number }, challengeId: string, now: Date): NewClaims {
  const at = now.getTime();
  return { stage: "two-factor", cid: challengeId, uid: user.id, sid: crypto.randomUUID(), sv: user.sessionVersion, loginAt: at, seenAt: at };
}

/**
 * A token lives while it carries the user's current session version, or when it is the
 * one session that "sign out other sessions" kept (its id and the version it had then).
 * Keeping it, instead of issuing it a new token, means no request still in flight with
 * the old cookie can race the new one and sign the user out.
 */
export function sessionStillValid(
  user: { sessionVersion: number; retainedSessionId: string | null; retainedSessionVersion: number | null },
  session: { sid: string; sv: number },
): boolean {
  if (user.sessionVersion === session.sv) return true;
  return user.retainedSessionId === session.sid && user.retainedSessionVersion === session.sv;
}

/**
 * Re-checks a session token against the clock and the database on every request.
 * Returns the claims to store, or null when the session must end (idle, too old,
 * revoked by a session-version bump, its 2FA challenge expired, or the user is gone).
 * Input sent through `session.update()` never reaches this function.
 */
export async function refreshSessionClaims(options: {
  db: Db;
  claims: Record<string, unknown>;
  now: Date;
}): Promise<SessionClaims | null> {
  const { db, claims } = options;
  const now = options.now.getTime();
  const { uid, sid, sv, loginAt, seenAt, stage } = claims;
  if (typeof uid !== "string" || typeof sid !== "string" || typeof sv !== "number") return null;
  if (typeof loginAt !== "number" || now - loginAt > ABSOLUTE_TIMEOUT_MS) return null;
  if (typeof seenAt !== "number" || now - seenAt > IDLE_TIMEOUT_MS) return null;

  const user = await db.user.findUnique({
    where: { id: uid },
    select: {
      name: true,
      email: true,
      role: true,
      sessionVersion: true,
      retainedSessionId: true,
      retainedSessionVersion: true,
      signedOutSessions: true,
      organisationId: true,
    },
  });
  if (!user || !sessionStillValid(user, { sid, sv }) || isSignedOut(user.signedOutSessions, sid)) return null;

  if (stage === "two-factor") {
    const cid = claims.cid;
    if (typeof cid !== "string") return null;
    if (!(await isChallengeOpen({ db, challengeId: cid, userId: uid, now: options.now }))) return null;
    return { stage, uid, sid, sv, cid, loginAt, seenAt: now };
  }
  if (stage !== "complete") return null;
  // The organisation comes from the user's row every time (it decides what they may
  // touch); its display name is carried over from the token and only looked up when new.
  const organisationName =
    claims.organisationId === user.organisationId && typeof claims.organisationName === "string"
      ? claims.organisationName
      : (await db.organisation.findUniqueOrThrow({ where: { id: user.organisationId }, select: { name: true } })).name;
  return {
    stage,
    uid,
    sid,
    sv,
    loginAt,
    seenAt: now,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId,
    organisationName,
  };
}
