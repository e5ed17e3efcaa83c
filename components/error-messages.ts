import type { ErrorCode } from "@/lib/auth/errors";

/** The one place where error codes become words a user reads. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Your session has ended. Log in again.",
  TWO_FACTOR_REQUIRED: "Finish two-factor authentication first.",
  FORBIDDEN: "You do not have permission to do that.",
  INVALID_INPUT: "Some fields need your attention.",
  INVALID_CREDENTIALS: "Incorrect email or password.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  INTERNAL: "Something went wrong on our side. Nothing was changed; try again.",
};
