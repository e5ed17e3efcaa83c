import "server-only";
import { auth } from "@/auth";
import { db } from "@/lib/db";
import { endSessionBySignOut } from "@/lib/auth/sessions";
import { currentClientIp } from "@/lib/next/request";

/**
 * Ends the current session's record before the cookie is deleted, so a sign-out the
 * server could not record fails visibly instead of leaving copies of the cookie alive.
 * (Auth.js's signOut event does the same, but swallows its errors.)
 */
export async function endCurrentSession(): Promise<void> {
  const user = (await auth())?.user;
  if (!user?.sessionId) return;
  await endSessionBySignOut({ db, sessionId: user.sessionId, userId: user.id, ip: await currentClientIp(), now: new Date() });
}
