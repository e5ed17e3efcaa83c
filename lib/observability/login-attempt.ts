// What a login attempt counts: the outcome (twofold_logins_total and the request's log line)
// and, once a step passed a second factor, its method. The login route calls this once per
// attempt, where it answers (lib/next/login-route.ts).
import type { ErrorCode } from "@/lib/auth/errors";
import type { SecondFactorMethod as SessionFactor } from "@/lib/auth/sessions";
import { currentRequestContext } from "@/lib/request-context";
import { countLogin, countSecondFactor, type LoginOutcome, type SecondFactorMethod } from "@/lib/observability/metrics";

/** A login step's result as the login flow returns it, or a refusal the route made before asking the flow. */
export type LoginAttempt =
  { state: "refused"; error: ErrorCode } | { state: "complete" | "grace" | "challenge" | "setup"; factor?: SessionFactor | "temporary-code" };

const REFUSALS: Record<ErrorCode, LoginOutcome> = {
  INVALID_CREDENTIALS: "wrong_password",
  WRONG_PASSWORD: "wrong_password",
  INVALID_CODE: "wrong_code",
  PASSKEY_NOT_REGISTERED: "wrong_code",
  TWO_FACTOR_LOCKED: "locked",
  TWO_FACTOR_LOCKED_BY_ADMIN: "locked",
  ACCESS_DENIED: "access_list_refused",
  RATE_LIMITED: "rate_limited",
  NETWORK_RATE_LIMITED: "rate_limited",
  INVALID_INPUT: "invalid_request",
  FORBIDDEN: "invalid_request",
  UNAUTHENTICATED: "invalid_request",
  TWO_FACTOR_REQUIRED: "invalid_request",
  INVITATION_INVALID: "invalid_request",
  LINK_INVALID: "invalid_request",
  LOGIN_EXPIRED: "login_expired",
  RECOVERY_IN_PROGRESS: "recovery_in_progress",
  INTERNAL: "error",
  UNAVAILABLE: "database_unavailable",
};

const FACTORS: Record<SessionFactor | "temporary-code", SecondFactorMethod> = {
  totp: "totp",
  "two-factor-setup": "totp",
  "backup-code": "backup_code",
  passkey: "passkey",
  "passkey-setup": "passkey",
  "trusted-browser": "trusted_browser",
  "temporary-code": "temporary_access_code",
};

export function loginOutcomeOf(attempt: LoginAttempt): LoginOutcome {
  if (attempt.state === "refused") return REFUSALS[attempt.error];
  return attempt.state === "complete" || attempt.state === "grace" ? "success" : "second_factor_required";
}

/** Counts one attempt and notes its outcome on the request (the log line carries it). */
export function recordLoginAttempt(attempt: LoginAttempt): LoginOutcome {
  const outcome = loginOutcomeOf(attempt);
  countLogin(outcome);
  if (attempt.state !== "refused" && attempt.factor) countSecondFactor(FACTORS[attempt.factor]);
  const context = currentRequestContext();
  if (context) context.outcome = outcome;
  return outcome;
}
