import "server-only";
import type { Db } from "@/lib/db";
import type { Session } from "next-auth";
import type { Role } from "@/lib/generated/prisma/enums";
import { accessListAllows, accessListAt } from "@/lib/access-list/list-cache";
import { isSecondFactorStep, requiredStep, type SecondFactorStep, type TokenClaims } from "@/lib/auth/login-flow";
import {
  abandonExpiredLogin,
  completeWithPasswordAlone,
  freshStepRanOut,
  readSession,
  returnToSecondFactor,
  revokeSession,
  sessionEnd,
  touchSession,
  type SessionRecord,
} from "@/lib/auth/sessions";

export { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "@/lib/auth/sessions";

/**
 * How far a session has come. "two-factor": the password was right, a second-factor step
 * is still to do, and only that step's pages and actions answer. "complete": signed in.
 * "blocked": a live session whose caller is outside its organisation's Access List; it
 * answers nothing, but is kept (not cleared) for when the caller is back inside.
 */
export type SessionStage = "complete" | "two-factor" | "blocked";

export type { TokenClaims };

interface CommonClaims extends TokenClaims {
  /** When the password step happened (the 12-hour limit counts from here), ms. */
  loginAt: number;
}

export interface CompleteClaims extends CommonClaims {
  stage: "complete";
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  /** While a grace period to set up 2FA runs: when it ends (ms), for the countdown banner. */
  graceUntil?: number;
}

export interface TwoFactorClaims extends CommonClaims {
  stage: "two-factor";
  /** Whose Access List applies (read by server.ts's gate without a query). */
  organisationId: string;
  /** Which step the session must pass. */
  step: SecondFactorStep;
}

export interface BlockedClaims extends CommonClaims {
  stage: "blocked";
  organisationId: string;
  organisationName: string;
}

/** What the session token carries after a refresh. Only the server writes it; only TokenClaims are read back. */
export type SessionClaims = CompleteClaims | TwoFactorClaims | BlockedClaims;

export function tokenClaims(session: { userId: string; sessionId: string; generation: number }): TokenClaims {
  return { uid: session.userId, sid: session.sessionId, gen: session.generation };
}

/** The claims a token carries, if it has them all: the only ones ever read back from a cookie. */
export function parseTokenClaims(claims: Record<string, unknown>): TokenClaims | null {
  const { uid, sid, gen } = claims;
  if (typeof uid !== "string" || typeof sid !== "string" || typeof gen !== "number") return null;
  return { uid, sid, gen };
}

/**
 * Re-checks a session on every request against its server-side record (one read, with
 * the user and organisation): revoked, too old, idle, or a token of an older generation
 * ends it; a caller outside the organisation's Access List gets a blocked session that
 * answers nothing (whatever let the request this far); and the login rule decides, from the user's current 2FA state,
 * whether the session is complete or must pass a second-factor step first.
 * Returns the claims to store, or null when the request carries no session.
 * Input sent through `session.update()` never reaches this function.
 */
export async function refreshSessionClaims(options: {
  db: Db;
  claims: Record<string, unknown>;
  /** The caller's address as server.ts established it. */
  ip: string;
  now: Date;
  /** The record as the login step that issues this token left it, if it has it. */
  record?: SessionRecord;
}): Promise<SessionClaims | null> {
  const { db, now } = options;
  const token = parseTokenClaims(options.claims);
  if (!token) return null;
  // A login step that just read (and moved on) the record hands it over: no second read.
  const record = options.record?.id === token.sid ? options.record : await readSession(db, token.sid);
  if (!record || record.userId !== token.uid || record.generation !== token.gen) return null;

  const end = sessionEnd(record, now);
  if (end) {
    if (end !== "revoked") await revokeSession({ db, sessionId: record.id, reason: end, now });
    return null;
  }
  const loginAt = record.createdAt.getTime();
  if (!(await callerOnAccessList(db, record, options.ip)))
    return { ...token, stage: "blocked", loginAt, organisationId: record.user.organisationId, organisationName: record.organisation.name };

  const step = await currentStep(db, record, options.ip, now);
  if (step === null) return null;
  await touchSession(db, record, now);

  if (step === "challenge" || step === "setup") return { ...token, stage: "two-factor", step, loginAt, organisationId: record.user.organisationId };
  return {
    ...token,
    stage: "complete",
    loginAt,
    name: record.user.name,
    email: record.user.email,
    role: record.user.role,
    organisationId: record.user.organisationId,
    organisationName: record.organisation.name,
    ...(step === "grace" && record.user.twoFactorDueAt ? { graceUntil: record.user.twoFactorDueAt.getTime() } : {}),
  };
}

/** The Access List rule of the gate, applied again where every session is read (defence in depth). */
async function callerOnAccessList(db: Db, record: SessionRecord, ip: string): Promise<boolean> {
  if (!record.organisation.accessListEnabled) return true;
  return accessListAllows(await accessListAt(db, record.organisation), ip);
}

/** Where the session stands now, moving it back to a second-factor step if a new requirement reached it. */
async function currentStep(db: Db, record: SessionRecord, ip: string, now: Date) {
  if (record.stage === "SECOND_FACTOR") {
    if (freshStepRanOut(record, now)) {
      await abandonExpiredLogin({ db, sessionId: record.id, now });
      return null;
    }
    if (record.organisation.loginMethod === "STANDARD") {
      await completeWithPasswordAlone({ db, record, ip, now });
      return "complete";
    }
    // Waiting at its step: the challenge once enrolled, otherwise the wizard.
    return record.user.twoFactorStatus === "ACTIVE" ? "challenge" : "setup";
  }
  const step = requiredStep({ ...record.user, loginMethod: record.organisation.loginMethod }, record, now);
  if (!isSecondFactorStep(step)) return step;
  await returnToSecondFactor(db, record.id, now);
  return step;
}

/** What pages and actions see of a checked session (Auth.js's `session.user`). */
export function sessionUserOf(claims: SessionClaims): Session["user"] {
  if (claims.stage === "blocked") return { id: claims.uid, stage: claims.stage, organisationName: claims.organisationName };
  // A pending session learns nothing about the account beyond which step comes next.
  if (claims.stage === "two-factor")
    return { id: claims.uid, stage: claims.stage, step: claims.step, sessionId: claims.sid, loginAt: claims.loginAt };
  return {
    id: claims.uid,
    stage: claims.stage,
    sessionId: claims.sid,
    name: claims.name,
    email: claims.email,
    role: claims.role,
    organisationId: claims.organisationId,
    organisationName: claims.organisationName,
    loginAt: claims.loginAt,
    graceUntil: claims.graceUntil,
  };
}
