import "server-only";
import { signIn } from "@/auth";
import { db } from "@/lib/db";
import { passSecondFactor } from "@/lib/auth/sign-in";
import type { SecondFactorMethod } from "@/lib/auth/sessions";

/**
 * After a passed second-factor step: completes the login and replaces the pending
 * session token with a new one. Returns false if the step had expired or was already passed.
 */
export async function finishTwoFactorLogin(options: {
  userId: string;
  sessionId: string;
  ip: string;
  method: SecondFactorMethod;
  now: Date;
}): Promise<boolean> {
  const ticket = await passSecondFactor({ db, ...options });
  if (!ticket) return false;
  await signIn("credentials", { ticket, redirect: false });
  return true;
}
