import "server-only";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { getPendingLogin, type PendingLogin } from "@/lib/next/current-user";
import { stepPath, type SecondFactorStep } from "@/lib/auth/login-flow";
import { openSecondFactorStep } from "@/lib/auth/sessions";

/**
 * For the step pages: the pending login, if it needs this step. Without a pending login
 * the visitor goes to /login; with the other step pending, to that step. A session sent
 * back to a step by a new requirement gets a fresh 5 minutes each time it opens the page.
 */
export async function requirePendingStep(step: SecondFactorStep, callbackUrl?: string): Promise<PendingLogin> {
  const pending = await getPendingLogin();
  if (!pending) redirect("/login");
  if (pending.step !== step) redirect(stepPath(pending.step, callbackUrl));
  if (!(await openSecondFactorStep({ db, sessionId: pending.sessionId, userId: pending.userId, now: new Date() }))) redirect("/login");
  return pending;
}
