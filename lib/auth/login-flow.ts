import type { TwoFactorStatus } from "@/lib/generated/prisma/enums";

// The login as one set of rules: which step a session must be at, decided in one place
// for a fresh login (right after the password) and for every request of a session that
// already exists. A requirement an admin or the policy adds reaches a signed-in user at
// their next request; nobody is signed out by it.

/** Where a session must be: through every step, or at one of the second-factor steps. */
export type SessionStep = "complete" | SecondFactorStep;
/** The second-factor steps: the challenge (enrolled users) or the setup wizard (required, not enrolled). */
export type SecondFactorStep = "challenge" | "setup";

export interface TwoFactorState {
  twoFactorStatus: TwoFactorStatus;
  /** For REQUIRED users: until when they may still work without 2FA (grace period). */
  twoFactorDueAt: Date | null;
}

/** The second factor a session passed, if any ("totp", "backup-code", "two-factor-setup"). */
export interface SessionFactor {
  secondFactor: string | null;
}

/**
 * The one rule. A session that passed a second factor is complete. Otherwise an enrolled
 * (Active) user goes to the challenge, a Required user whose grace period is over (or who
 * has none) to the setup wizard; a Required user inside a grace period and a user whose
 * 2FA is Off are complete with their password alone.
 */
export function requiredStep(user: TwoFactorState, session: SessionFactor, now: Date): SessionStep {
  if (session.secondFactor) return "complete";
  if (user.twoFactorStatus === "ACTIVE") return "challenge";
  if (user.twoFactorStatus === "REQUIRED" && !inGracePeriod(user, now)) return "setup";
  return "complete";
}

/** What comes right after a correct password: the same rule, for a session that has passed nothing yet. */
export function stepAfterPassword(user: TwoFactorState, now: Date): SessionStep {
  return requiredStep(user, { secondFactor: null }, now);
}

export function inGracePeriod(user: TwoFactorState, now: Date): boolean {
  return user.twoFactorStatus === "REQUIRED" && user.twoFactorDueAt !== null && user.twoFactorDueAt > now;
}

/** Whole days left to set up 2FA, for the countdown banner; null when no grace period runs. */
export function graceDaysLeft(user: TwoFactorState, now: Date): number | null {
  if (!inGracePeriod(user, now)) return null;
  return Math.ceil((user.twoFactorDueAt!.getTime() - now.getTime()) / (24 * 60 * 60 * 1000));
}

const STEP_PATHS: Record<SecondFactorStep, string> = { challenge: "/login/verify", setup: "/setup-2fa" };

/** The page of a second-factor step, carrying where to go once it is passed. */
export function stepPath(step: SecondFactorStep, callbackUrl?: string): string {
  return callbackUrl ? `${STEP_PATHS[step]}?${new URLSearchParams({ callbackUrl })}` : STEP_PATHS[step];
}
