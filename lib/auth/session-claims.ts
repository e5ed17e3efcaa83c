import "server-only";
import type { Db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

// DESIGN §2: idle timeout 30 minutes, absolute 12 hours.
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/** How far a session has come: every app page needs "complete". */
export type SessionStage = "complete";

/** What the session token carries. Only the server writes it; it is refreshed from the database. */
export interface SessionClaims {
  uid: string;
  /** The user's session version when the token was issued; a bump revokes the token. */
  sv: number;
  stage: SessionStage;
  loginAt: number;
  seenAt: number;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

export function newSessionClaims(
  user: { id: string; sessionVersion: number },
  now: Date,
): Pick<SessionClaims, "uid" | "sv" | "stage" | "loginAt" | "seenAt"> {
  const at = now.getTime();
  return { uid: user.id, sv: user.sessionVersion, stage: "complete", loginAt: at, seenAt: at };
}

/**
 * Re-checks a session token against the clock and the database on every request.
 * Returns the claims to store, or null when the session must end (idle, too old,
 * revoked by a session-version bump, or the user is gone). Input sent by the browser
 * through `session.update()` never reaches this function.
 */
export async function refreshSessionClaims(options: {
  db: Db;
  claims: Partial<SessionClaims>;
  now: Date;
}): Promise<SessionClaims | null> {
  const { db, claims } = options;
  const now = options.now.getTime();
  if (typeof claims.uid !== "string" || typeof claims.sv !== "number") return null;
  if (claims.stage !== "complete") return null;
  if (typeof claims.loginAt !== "number" || now - claims.loginAt > ABSOLUTE_TIMEOUT_MS) return null;
  if (typeof claims.seenAt !== "number" || now - claims.seenAt > IDLE_TIMEOUT_MS) return null;

  const user = await db.user.findUnique({
    where: { id: claims.uid },
    select: {
      name: true,
      email: true,
      role: true,
      sessionVersion: true,
      organisation: { select: { id: true, name: true } },
    },
  });
  if (!user || user.sessionVersion !== claims.sv) return null;

  return {
    uid: claims.uid,
    sv: claims.sv,
    stage: claims.stage,
    loginAt: claims.loginAt,
    seenAt: now,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisation.id,
    organisationName: user.organisation.name,
  };
}
