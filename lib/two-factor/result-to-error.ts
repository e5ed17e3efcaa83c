import type { ErrorCode } from "@/lib/auth/errors";
import type { LockState } from "@/lib/two-factor/lockout";

/** The error a user sees for a refused code: the lock, if the failure caused one. */
export function secondFactorError(result: { reason: string; lock?: LockState }): ErrorCode {
  if (result.lock?.kind === "locked-by-admin") return "TWO_FACTOR_LOCKED_BY_ADMIN";
  if (result.lock?.kind === "locked") return "TWO_FACTOR_LOCKED";
  if (result.reason === "rate-limited") return "NETWORK_RATE_LIMITED";
  if (result.reason === "no-enrolment" || result.reason === "not-enrolled" || result.reason === "step-closed") return "LOGIN_EXPIRED";
  return "INVALID_CODE";
}
