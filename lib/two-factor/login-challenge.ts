import "server-only";
import type { Db } from "@/lib/db";
import { randomToken, sha256 } from "@/lib/crypto";

// DESIGN §2: the pending 2FA step is bound to the user on the server and expires after 5 minutes.
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** A completed challenge's ticket is redeemed in the same request; a minute is plenty. */
const TICKET_TTL_MS = 60 * 1000;

export async function startLoginChallenge(options: { db: Db; userId: string; now: Date }): Promise<string> {
  const id = randomToken();
  await options.db.loginChallenge.create({
    data: {
      id,
      userId: options.userId,
      loginAt: options.now,
      expiresAt: new Date(options.now.getTime() + CHALLENGE_TTL_MS),
    },
  });
  return id;
}

/** Whether a pending session's challenge still stands (its user, not expired, not used up). */
export async function isChallengeOpen(options: { db: Db; challengeId: string; userId: string; now: Date }): Promise<boolean> {
  const count = await options.db.loginChallenge.count({
    where: {
      id: options.challengeId,
      userId: options.userId,
      expiresAt: { gt: options.now },
      completedAt: null,
    },
  });
  return count === 1;
}

/**
 * Marks a challenge passed and returns a one-time ticket for it, which the caller
 * exchanges for a full session (auth.ts) in the same request. Null if the challenge
 * was already passed, expired, or is not this user's.
 */
export async function completeLoginChallenge(options: {
  db: Db;
  challengeId: string;
  userId: string;
  now: Date;
}): Promise<string | null> {
  const ticket = randomToken();
  const { count } = await options.db.loginChallenge.updateMany({
    where: { id: options.challengeId, userId: options.userId, completedAt: null, expiresAt: { gt: options.now } },
    data: {
      completedAt: options.now,
      ticketHash: sha256(ticket),
      expiresAt: new Date(options.now.getTime() + TICKET_TTL_MS),
    },
  });
  return count === 1 ? ticket : null;
}

/** Spends a ticket once; returns whose it was and when they logged in. */
export async function redeemTicket(options: { db: Db; ticket: string; now: Date }): Promise<{ userId: string; loginAt: Date } | null> {
  const ticketHash = sha256(options.ticket);
  const { count } = await options.db.loginChallenge.updateMany({
    where: { ticketHash, consumedAt: null, expiresAt: { gt: options.now } },
    data: { consumedAt: options.now },
  });
  if (count !== 1) return null;
  return options.db.loginChallenge.findUnique({ where: { ticketHash }, select: { userId: true, loginAt: true } });
}
