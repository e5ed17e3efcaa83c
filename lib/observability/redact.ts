// What a log line may carry. Every line passes through redactLogFields() (pino's log
// formatter calls it), so a field named like a secret, or an email address written into any
// string, never reaches the log in plain text, whoever wrote the line.

/** Field names whose values are never logged: passwords, codes, tokens, secrets, keys, cookies. */
const SECRET_FIELD =
  /pass(word)?|secret|token|code|otp|totp|cookie|authori[sz]ation|credential|challenge|signature|private|apikey|api_key|^key$|keys$|session_?id|jwt/i;

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// A backup code or temporary access code (16 Crockford base32 characters, with or without dashes).
const GROUPED_CODE =
  /\b[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}-?[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}-?[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}-?[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}\b/g;
// A JWT or JWE (a session cookie's value): base64url segments starting with a JSON header.
const JOSE = /\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){1,4}/g;
// An otpauth: URI carries the TOTP secret.
const OTPAUTH = /otpauth:\/\/[^\s"']+/gi;

export const REDACTED = "[redacted]";

/** `alice@acme.test` becomes `a***@acme.test`: which domain, never whose address. */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, "$1***@$2");
}

/** Masks anything in free text that could be an email address, a code, a token or a TOTP secret's URI. */
export function redactText(text: string): string {
  return text
    .replace(OTPAUTH, "otpauth://" + REDACTED)
    .replace(JOSE, REDACTED)
    .replace(GROUPED_CODE, REDACTED)
    .replace(EMAIL, "$1***@$2");
}

const MAX_DEPTH = 6;

/** A copy of `value` that is safe to log (see the module comment). Errors keep their type and message. */
export function redactLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    const code = errorCode(value);
    return {
      type: value.name,
      message: redactText(value.message),
      ...(code ? { errorCode: code } : {}),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactLogFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && !SAFE_FIELDS.has(key) ? REDACTED : redactLogFields(field, depth + 1);
  }
  return out;
}

// Names the pattern above would catch that only ever hold harmless values.
const SAFE_FIELDS = new Set(["statusCode", "errorCode", "exitCode"]);

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
}
