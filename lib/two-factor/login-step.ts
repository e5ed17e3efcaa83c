import type { TwoFactorStatus } from "@/lib/generated/prisma/enums";

export type LoginStep = "app" | "challenge" | "setup";

/**
 * What comes after a correct password: the app (2FA off, or still inside the grace period
 * of a requirement), the challenge (enrolled), or the setup wizard (required, not enrolled).
 */
export function loginStep(user: { twoFactorStatus: TwoFactorStatus; twoFactorDueAt: Date | null }, now: Date): LoginStep {
  if (user.twoFactorStatus === "ACTIVE") return "challenge";
  if (user.twoFactorStatus === "REQUIRED") return user.twoFactorDueAt && user.twoFactorDueAt > now ? "app" : "setup";
  return "app";
}

/** Whole days left to set up 2FA, for the countdown banner; null when no grace period runs. */
export function graceDaysLeft(user: { twoFactorStatus: TwoFactorStatus; twoFactorDueAt: Date | null }, now: Date): number | null {
  if (user.twoFactorStatus !== "REQUIRED" || !user.twoFactorDueAt || user.twoFactorDueAt <= now) return null;
  return Math.ceil((user.twoFactorDueAt.getTime() - now.getTime()) / (24 * 60 * 60 * 1000));
}
