import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import type { Role } from "@/lib/generated/prisma/enums";

/** The signed-in user as every page and action sees them. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  loginAt: Date;
  /** This session's id and the session version its token carries. */
  sessionId: string;
  sessionVersion: number;
}

/** A login whose password step passed and whose 2FA step has not yet. */
export interface PendingLogin {
  userId: string;
  challengeId: string;
}

/**
 * The session, read once per server render: a layout and its page both ask, and each
 * read decrypts the token and re-checks it against the database.
 */
const currentSession = cache(() => auth());

/** The user of a session that has passed every login step, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const user = (await currentSession())?.user;
  if (
    user?.stage !== "complete" ||
    !user.role ||
    !user.organisationId ||
    user.loginAt === undefined ||
    !user.sessionId ||
    user.sessionVersion === undefined
  ) {
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
    sessionVersion: user.sessionVersion,
  };
}

export async function getPendingLogin(): Promise<PendingLogin | null> {
  const user = (await currentSession())?.user;
  if (user?.stage !== "two-factor" || !user.challengeId) return null;
  return { userId: user.id, challengeId: user.challengeId };
}

/** For pages: the current user, or a redirect to the login page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For admin pages: members get a 404, as if the page did not exist. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") notFound();
  return user;
}
