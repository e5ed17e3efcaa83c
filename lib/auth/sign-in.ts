import "server-only";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { signInAllowedByAccessList } from "@/lib/access-list/sign-in-check";
import { verifyCredentials, type CredentialsResult } from "@/lib/auth/verify-credentials";
import { stepAfterPassword, type SessionStep } from "@/lib/auth/login-flow";
import { createSession, passSecondFactorStep, redeemSessionTicket, type SecondFactorMethod } from "@/lib/auth/sessions";
import { tokenClaims, type TokenClaims } from "@/lib/auth/session-claims";
import { LOCK_CLEARED } from "@/lib/two-factor/lockout";

export type PasswordSignInResult =
  | { ok: true; claims: TokenClaims; next: SessionStep }
  | Exclude<CredentialsResult, { ok: true }>
  | { ok: false; error: "ACCESS_DENIED" };

/**
 * The password step. The password is checked first, throttled and hashed as always, so
 * nothing about the account (not even whether the Access List applies) is revealed to
 * someone who does not know it. Then a session record starts: complete for a user whose
 * 2FA is Off (or Required inside a grace period), waiting for its second factor otherwise.
 */
export async function passwordSignIn(options: {
  db: Db;
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  now: Date;
}): Promise<PasswordSignInResult> {
  const { db, now, ip } = options;
  const result = await verifyCredentials(options);
  if (!result.ok) return result;
  const { user } = result;
  if (!(await signInAllowedByAccessList({ db, user, ip, now }))) return { ok: false, error: "ACCESS_DENIED" };

  const next = stepAfterPassword(user, now);
  if (next === "complete") {
    const session = await db.$transaction(async (tx) => {
      const created = await createSession({ db: tx, user, stage: "COMPLETE", ip, userAgent: options.userAgent, now });
      await tx.user.update({ where: { id: user.id }, data: { ...LOCK_CLEARED, lastLoginAt: now } });
      await recordAudit(tx, { organisationId: user.organisationId, type: "login.succeeded", actor: user, target: user, ip, detail: { method: "password" }, at: now });
      return created;
    });
    return { ok: true, claims: tokenClaims({ userId: user.id, sessionId: session.id, generation: session.generation }), next };
  }
  const session = await db.$transaction(async (tx) => {
    const created = await createSession({ db: tx, user, stage: "SECOND_FACTOR", ip, userAgent: options.userAgent, now });
    // A stolen password leaves a trace even when the second factor stops it.
    await recordAudit(tx, {
      organisationId: user.organisationId,
      type: "login.password_accepted",
      actor: user,
      target: user,
      ip,
      detail: { next: next === "challenge" ? "two-factor challenge" : "two-factor setup" },
      at: now,
    });
    return created;
  });
  return { ok: true, claims: tokenClaims({ userId: user.id, sessionId: session.id, generation: session.generation }), next };
}

/**
 * A passed second-factor step: the session moves on (new generation), the login is
 * completed (counters reset, time noted, audited), all in one transaction. Returns the
 * one-time ticket that auth.ts exchanges for the new token, or null when the step had
 * already been passed or had expired.
 */
export async function passSecondFactor(options: {
  db: Db;
  sessionId: string;
  userId: string;
  ip: string;
  method: SecondFactorMethod;
  now: Date;
}): Promise<string | null> {
  const { db, userId, now } = options;
  return db.$transaction(async (tx) => {
    const ticket = await passSecondFactorStep({ db: tx, sessionId: options.sessionId, userId, method: options.method, now });
    if (!ticket) return null;
    const user = await tx.user.update({
      where: { id: userId },
      data: { ...LOCK_CLEARED, lastLoginAt: now },
      select: { id: true, email: true, organisationId: true },
    });
    await recordAudit(tx, {
      organisationId: user.organisationId,
      type: "login.succeeded",
      actor: user,
      target: user,
      ip: options.ip,
      detail: { method: options.method },
      at: now,
    });
    return ticket;
  });
}

/** Exchanges a one-time ticket for the claims of the session it opens. */
export async function ticketSignIn(options: { db: Db; ticket: string; now: Date }): Promise<TokenClaims | null> {
  const redeemed = await redeemSessionTicket(options);
  return redeemed ? tokenClaims(redeemed) : null;
}
