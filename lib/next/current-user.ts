import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Session } from "next-auth";
import { auth } from "@/auth";
import { sessionUserOf, type SessionClaims } from "@/lib/auth/session-claims";
import { sessionCheckedForThisPageRequest } from "@/lib/next/request";
import type { Role } from "@/lib/generated/prisma/enums";
import { stepPath, type SecondFactorStep } from "@/lib/auth/login-flow";

/** The signed-in user as every page and action sees them. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  loginAt: Date;
  /** This session's record id. */
  sessionId: string;
  /** While a grace period to set up 2FA runs: when it ends. */
  graceUntil: Date | null;
}

/** A session whose password step passed and whose second-factor step has not (yet, or again). */
export interface PendingLogin {
  userId: string;
  sessionId: string;
  step: SecondFactorStep;
}

/**
 * The session, read once per server render: a layout and its page both ask, and each
 * read decrypts the token and re-checks it against the database. A page request's session
 * was already checked by proxy.ts, in this same request: its result is the session.
 */
const currentSession = cache(async (): Promise<Pick<Session, "user"> | null> => {
  const checked = sessionCheckedForThisPageRequest() as Promise<SessionClaims | null> | undefined;
  if (checked) {
    const claims = await checked;
    return claims ? { user: sessionUserOf(claims) } : null;
  }
  return auth();
});

/** The user of a session that has passed every login step, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const user = (await currentSession())?.user;
  if (user?.stage !== "complete" || !user.role || !user.organisationId || user.loginAt === undefined || !user.sessionId) {
    return null;
  }
  return {
    id: user.id,
    name: user.name ?? user.email ?? "",
    email: user.email ?? "",
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisationName ?? "",
    loginAt: new Date(user.loginAt),
    sessionId: user.sessionId,
    graceUntil: user.graceUntil === undefined ? null : new Date(user.graceUntil),
  };
}

export async function getPendingLogin(): Promise<PendingLogin | null> {
  const user = (await currentSession())?.user;
  if (user?.stage !== "two-factor" || !user.sessionId || !user.step) return null;
  return { userId: user.id, sessionId: user.sessionId, step: user.step };
}

/**
 * For pages: the current user. A session that must pass a second-factor step first goes
 * to that step's page; no session goes to the login page.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const pending = await getPendingLogin();
  redirect(pending ? stepPath(pending.step) : "/login");
}

/** For admin pages: members get a 404, as if the page did not exist. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") notFound();
  return user;
}
