import "server-only";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { getPendingLogin, type PendingLogin } from "@/lib/auth/current-user";
import type { LoginStep } from "@/lib/two-factor/login-step";

export type PendingStep = Exclude<LoginStep, "app">;

const STEP_PATHS: Record<PendingStep, string> = { challenge: "/login/verify", setup: "/setup-2fa" };

/** Which 2FA step a pending login needs: the challenge if enrolled, the wizard if not. */
export async function pendingStepOf(pending: PendingLogin): Promise<PendingStep> {
  const user = await db.user.findUnique({ where: { id: pending.userId }, select: { twoFactorStatus: true } });
  return user?.twoFactorStatus === "ACTIVE" ? "challenge" : "setup";
}

/**
 * For the step pages: the pending login, if it needs this step. Without a pending
 * login the visitor goes to /login; with the other step pending, to that step.
 */
export async function requirePendingStep(step: PendingStep, callbackUrl?: string): Promise<PendingLogin> {
  const pending = await getPendingLogin();
  if (!pending) redirect("/login");
  const needed = await pendingStepOf(pending);
  if (needed !== step) redirect(stepPath(needed, callbackUrl));
  return pending;
}

export function stepPath(step: PendingStep, callbackUrl?: string): string {
  return callbackUrl ? `${STEP_PATHS[step]}?${new URLSearchParams({ callbackUrl })}` : STEP_PATHS[step];
}
