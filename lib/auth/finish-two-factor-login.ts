import "server-only";
import { signIn } from "@/auth";
import { db } from "@/lib/db";
import { completeLogin } from "@/lib/auth/sign-in";
import { completeLoginChallenge } from "@/lib/two-factor/login-challenge";

/**
 * After a passed 2FA step: closes the challenge and replaces the pending session token
 * with a new, full one. Returns false if the challenge had expired meanwhile.
 */
export async function finishTwoFactorLogin(options: {
  userId: string;
  challengeId: string;
  ip: string;
  method: "totp" | "backup-code" | "two-factor-setup";
  now: Date;
}): Promise<boolean> {
  const ticket = await completeLoginChallenge({ db, challengeId: options.challengeId, userId: options.userId, now: options.now });
  if (!ticket) return false;
  await completeLogin({ db, userId: options.userId, ip: options.ip, now: options.now, method: options.method });
  await signIn("credentials", { ticket, redirect: false });
  return true;
}
