import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import { randomToken } from "@/lib/crypto";

// WebAuthn challenges (issue 15): 32 random bytes, valid 5 minutes, used once, and bound on
// the server to what they were issued for. A response signed over any other challenge (an
// old one, another session's, another browser's, a made-up one) is refused.

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** What a challenge is for, and whom it is bound to. */
export type ChallengeBinding =
  /** Adding a passkey in Settings, after the step-up that issued it. */
  | { purpose: "registration"; sessionId: string; userId: string }
  /** The setup wizard's passkey (a pending login's, or a voluntary set-up's session): no step-up, only for a user not yet enrolled. */
  | { purpose: "enrolment"; sessionId: string; userId: string }
  /** The login's second-factor step of a pending session. */
  | { purpose: "second-factor"; sessionId: string; userId: string }
  /** Confirming a sensitive change in a signed-in session (removing a passkey). */
  | { purpose: "step-up"; sessionId: string; userId: string }
  /** A sign-in with a passkey alone: no session yet, so the browser that asked (SHA-256 of its random cookie). */
  | { purpose: "sign-in"; browserHash: string };

export type ChallengePurpose = ChallengeBinding["purpose"];

function bindingWhere(binding: ChallengeBinding) {
  return binding.purpose === "sign-in"
    ? { purpose: binding.purpose, browserHash: binding.browserHash }
    : { purpose: binding.purpose, sessionId: binding.sessionId, userId: binding.userId };
}

/**
 * A new challenge for this binding. It replaces the binding's earlier one (one ceremony at a
 * time per session, or per browser), so abandoned ceremonies leave nothing behind.
 */
export async function issueChallenge(db: DbOrTransaction, binding: ChallengeBinding, now: Date): Promise<string> {
  const challenge = randomToken(32);
  await db.webAuthnChallenge.deleteMany({ where: bindingWhere(binding) });
  await db.webAuthnChallenge.create({
    data: {
      ...bindingWhere(binding),
      challenge,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    },
    select: { id: true },
  });
  return challenge;
}

/**
 * Uses `challenge` for `binding`, once: true for the one caller that deletes it while it is
 * live and bound to exactly this. Anything else (expired, used, never issued, issued to
 * another session, browser or purpose) is false. It is spent even if what follows fails.
 */
export async function consumeChallenge(db: DbOrTransaction, options: { binding: ChallengeBinding; challenge: string; now: Date }): Promise<boolean> {
  if (!options.challenge) return false;
  const { count } = await db.webAuthnChallenge.deleteMany({
    where: { ...bindingWhere(options.binding), challenge: options.challenge, expiresAt: { gt: options.now } },
  });
  return count === 1;
}

/** Deletes expired challenges (the periodic session job). */
export async function sweepChallenges(db: DbOrTransaction, now: Date): Promise<number> {
  const { count } = await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
