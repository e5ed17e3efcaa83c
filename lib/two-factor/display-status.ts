import type { TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { lockState } from "@/lib/two-factor/lockout";

export type TwoFactorDisplayStatus = "Off" | "Required" | "Active" | "Locked";

const NAMES: Record<TwoFactorStatus, TwoFactorDisplayStatus> = { OFF: "Off", REQUIRED: "Required", ACTIVE: "Active" };

/** The status shown in the UI: "Locked" wins while a 2FA lock is in force. */
export function displayStatus(
  user: { twoFactorStatus: TwoFactorStatus; twoFactorFailures: number; twoFactorLockedUntil: Date | null },
  now: Date,
): TwoFactorDisplayStatus {
  return lockState(user, now).kind === "open" ? NAMES[user.twoFactorStatus] : "Locked";
}
