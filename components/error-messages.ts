import type { ErrorCode } from "@/lib/auth/errors";

/** The one place where error codes become words a user reads. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Your session has ended. Log in again.",
  TWO_FACTOR_REQUIRED: "Finish two-factor authentication first.",
  FORBIDDEN: "You do not have permission to do that.",
  INVALID_INPUT: "Some fields need your attention.",
  INVALID_CREDENTIALS: "Incorrect email or password.",
  // A signed-in user confirming who they are: no email was typed, so none is mentioned.
  WRONG_PASSWORD: "That password is not right.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  NETWORK_RATE_LIMITED: "Too many attempts from your network. Try again in a few minutes.",
  INVALID_CODE: "That code is not valid. Check your authenticator app and try again.",
  TWO_FACTOR_LOCKED: "Too many wrong codes: two-factor sign-in is locked for at least 15 minutes. Try again later, or ask your admin to unlock it.",
  TWO_FACTOR_LOCKED_BY_ADMIN: "Too many wrong codes: your account is locked until an admin unlocks it.",
  LOGIN_EXPIRED: "This sign-in took too long and has expired. Log in again.",
  ACCESS_DENIED: "Sign-in from this network is not allowed for this account.",
  INTERNAL: "Something went wrong on our side. Nothing was changed; try again.",
  // The database is restarting or unreachable (lib/database-unavailable.ts has the same words for the 503 page).
  UNAVAILABLE: "Twofold is briefly unavailable. Try again in a few seconds.",
  INVITATION_INVALID: "This invitation link is no longer valid. Ask your admin to resend it.",
  LINK_INVALID: "This link is no longer valid — ask for a new one.",
  RECOVERY_IN_PROGRESS:
    "A temporary access code was just used to set up two-factor authentication again for this account. Finish on that device; if that was not you, contact your admin now.",
  PASSKEY_NOT_REGISTERED: "Your passkey or security key could not be registered. Try again, or use an authenticator app instead.",
};

/** "N minutes" (at least one) for a wait in seconds. */
function minutesOf(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** NETWORK_RATE_LIMITED's words when the wait is known (passed as an action result's `message`). */
export function networkRateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many attempts from your network. Try again in ${minutesOf(retryAfterSeconds)}.`;
}

/** A refused login step's words: the wait, when it is known. */
export function loginErrorMessage(error: ErrorCode, retryAfterSeconds?: number): string {
  if (error === "NETWORK_RATE_LIMITED" && retryAfterSeconds) return networkRateLimitedMessage(retryAfterSeconds);
  if (error === "RATE_LIMITED" && retryAfterSeconds) return `Too many attempts. Try again in ${minutesOf(retryAfterSeconds)}.`;
  if (error === "TWO_FACTOR_LOCKED" && retryAfterSeconds) {
    const until = new Date(Date.now() + retryAfterSeconds * 1000).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    return `Too many wrong codes: two-factor sign-in is locked for at least 15 minutes, until ${until}. Try again then, or ask your admin to unlock it.`;
  }
  return ERROR_MESSAGES[error];
}

/** A wrong authenticator code that, with the one before, shows the phone's clock off (minutes, +fast or −slow). */
export function clockDriftMessage(minutes: number): string {
  const size = Math.abs(minutes);
  return `Your phone's clock looks about ${size} minute${size === 1 ? "" : "s"} ${minutes > 0 ? "fast" : "slow"}: turn on automatic date and time, then enter the new code.`;
}
