/** Every error code an action or the login flow can return. Messages live in components/error-messages.ts. */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "TWO_FACTOR_REQUIRED",
  "FORBIDDEN",
  "INVALID_INPUT",
  "INVALID_CREDENTIALS",
  "WRONG_PASSWORD",
  "RATE_LIMITED",
  "NETWORK_RATE_LIMITED",
  "INVALID_CODE",
  "TWO_FACTOR_LOCKED",
  "TWO_FACTOR_LOCKED_BY_ADMIN",
  "LOGIN_EXPIRED",
  "ACCESS_DENIED",
  "INTERNAL",
  "UNAVAILABLE",
  "INVITATION_INVALID",
  "LINK_INVALID",
  "RECOVERY_IN_PROGRESS",
  "PASSKEY_NOT_REGISTERED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
