import "server-only";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { signInRefusedByAccessList } from "@/lib/access-list/manage-access-list";
import { verifyCredentials, type CredentialsResult } from "@/lib/auth/verify-credentials";
import { newCompleteClaims, newTwoFactorClaims } from "@/lib/auth/session-claims";
import { LOCK_CLEARED } from "@/lib/two-factor/lockout";
import { redeemTicket, startLoginChallenge } from "@/lib/two-factor/login-challenge";
import { loginStep, type LoginStep } from "@/lib/two-factor/login-step";

type NewSessionClaims = ReturnType<typeof newCompleteClaims>;

export type PasswordSignInResult =
  | { ok: true; claims: NewSessionClaims; next: LoginStep }
  | Exclude<CredentialsResult, { ok: true }>
  | { ok: false; error: "ACCESS_DENIED" };

/**
 * The password step. A user with 2FA Off (or Required but inside a grace period) is
 * signed in; anyone else gets a pending session bound to a server-side challenge.
 */
export async function passwordSignIn(options: {
  db: Db;
  email: string;
  password: string;
  ip: string;
  now: Date;
}): Promise<PasswordSignInResult> {
  const { db, now } = options;
  if (await signInRefusedByAccessList({ db, email: options.email, ip: options.ip, now })) return { ok: false, error: "ACCESS_DENIED" };
  const result = await verifyCredentials(options);
  if (!result.ok) return result;
  const { user } = result;
  const next = loginStep(user, now);
  if (next === "app") {
    await completeLogin({ db, userId: user.id, ip: options.ip, now, method: "password" });
    return { ok: true, claims: newCompleteClaims(user, now, now), next };
  }
  const challengeId = await startLoginChallenge({ db, userId: user.id, now });
  return { ok: true, claims: newTwoFactorClaims(user, challengeId, now), next };
}

/** Exchanges a one-time ticket (see login-challenge.ts) for a full session. */
export async function ticketSignIn(options: { db: Db; ticket: string; now: Date }): Promise<NewSessionClaims | null> {
  const redeemed = await redeemTicket(options);
  if (!redeemed) return null;
  const user = await options.db.user.findUnique({ where: { id: redeemed.userId }, select: { id: true, sessionVersion: true } });
  return user ? newCompleteClaims(user, redeemed.loginAt, options.now) : null;
}

/** What a full login does once every step passed: reset counters, note the time, audit. */
export async function completeLogin(options: {
  db: Db;
  userId: string;
  ip: string;
  now: Date;
  method: "password" | "totp" | "backup-code" | "two-factor-setup";
}): Promise<void> {
  const { db, userId, now } = options;
  const user = await db.user.update({
    where: { id: userId },
    data: { ...LOCK_CLEARED, lastLoginAt: now },
    select: { id: true, email: true, organisationId: true },
  });
  await recordAudit(db, {
    organisationId: user.organisationId,
    type: "login.succeeded",
    actor: user,
    target: user,
    ip: options.ip,
    detail: { method: options.method },
    at: now,
  });
}
