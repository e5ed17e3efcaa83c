// What a log line may carry. Every line passes through redactLogFields() (pino's log
// formatter calls it), so a field named like a secret, or a secret-looking value written into
// any string (an email address, a code, a token, a TOTP secret), never reaches the log in plain
// text, whoever wrote the line: our code, Auth.js, Prisma or Next (console lines are routed
// through the logger too: lib/observability/console-to-log.ts).

/** Field names whose values are never logged: passwords, codes, tokens, secrets, keys, cookies. */
const SECRET_FIELD =
  /pass(word)?|pwd|^pin$|secret|token|code|otp|totp|cookie|authori[sz]ation|credential|challenge|signature|private|apikey|api_key|key$|keys$|session_?id|jwt|recovery|response|internal/i;

// Names the pattern above would catch that only ever hold harmless values.
const SAFE_FIELDS = new Set(["statusCode", "errorCode", "exitCode"]);

// The local part takes every character an address may have unquoted (an apostrophe too).
const EMAIL = /([A-Za-z0-9._%+'!#$&*=?^`{|}~-])[A-Za-z0-9._%+'!#$&*=?^`{|}~-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// A backup code or temporary access code (16 Crockford base32 characters, with or without dashes).
const CODE_CHAR = "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]";
// Four groups (dashes or spaces between, as the form accepts) or sixteen in a row, never a
// piece of a longer token (a UUID).
const GROUPED_CODE = new RegExp(`(?<![\\w-])(?:${CODE_CHAR}{4}(?:[- ]${CODE_CHAR}{4}){3}|${CODE_CHAR}{16})(?![\\w-])`, "g");
// A JWT or JWE (a session cookie's value): base64url segments starting with a JSON header.
const JOSE = /\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){1,4}/g;
// An otpauth: URI carries the TOTP secret.
const OTPAUTH = /otpauth:\/\/[^\s"']+/gi;
// A bare TOTP secret (base32, 128 bits or more), as the setup key shows it or stored.
// Either case, and in groups of four as the set-up wizard shows it.
const BASE32_SECRET = /\b(?:[A-Z2-7]{26,}={0,6}|(?:[A-Z2-7]{4} ){6,}[A-Z2-7]{1,4})\b/gi;
// A six-digit authenticator code standing alone (not part of a longer number or word).
const SIX_DIGITS = /(?<![\w.:-])\d{6}(?![\w.:-])/g;
// `password=…`, `"code": "…"`, `Cookie: …`, `token=…` in free text (query strings, headers,
// inspected objects): the value after a secret-looking name.
// A quoted value ends at its closing quote (escaped quotes inside are skipped); after a
// password-like name an unquoted value runs to the end of the line (a passphrase has spaces).
const SECRET_ASSIGNMENT =
  /\b([\w-]*(?:pass(?:word)?|pwd|secret|token|code|otp|cookie|authori[sz]ation|credential|jwt|_key)[\w-]*)(["']?\s*[:=]\s*)(?!\[redacted\])("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&)}\]]+(?:;\s*[^\s,;&)}\]=]+=[^\s,;&)}\]]+)*)/gi;
const PASSWORD_TO_END_OF_LINE = /\b([\w-]*(?:pass(?:word|phrase)?|pwd|secret)[\w-]*)(\s*[:=]\s*)(?!["'])[^\n]+?(?=[)\]}]*(?:\n|$))/gi;

export const REDACTED = "[redacted]";

/**
 * `alice@acme.test` becomes `a***@acme.test`: the first character and the domain, which say
 * which organisation's user a line is about (useful to an operator) without saying whose
 * address it is. The scan of the e2e log (e2e/log-scan) treats any other form as a leak.
 */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, "$1***@$2");
}

/** Masks anything in free text that could be an email address, a code, a token or a TOTP secret. */
export function redactText(text: string): string {
  return text
    .replace(OTPAUTH, "otpauth://" + REDACTED)
    .replace(JOSE, REDACTED)
    .replace(PASSWORD_TO_END_OF_LINE, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, (match, name: string, separator: string) => (SAFE_FIELDS.has(name) ? match : `${name}${separator}${REDACTED}`))
    .replace(GROUPED_CODE, REDACTED)
    .replace(BASE32_SECRET, REDACTED)
    .replace(SIX_DIGITS, REDACTED)
    .replace(EMAIL, "$1***@$2");
}

const MAX_DEPTH = 6;

/** A copy of `value` that is safe to log (see the module comment). Errors keep their type and message. */
export function redactLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((item) => redactLogFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = isSecretField(key) ? REDACTED : redactLogFields(field, depth + 1);
  }
  return out;
}

function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name) && !SAFE_FIELDS.has(name);
}

/** An error as a line shows it: its type, redacted message and stack, its code, and its cause. */
function redactError(error: Error, depth: number): Record<string, unknown> {
  const code = errorCode(error);
  // Auth.js errors name their kind in `type` (e.g. "CallbackRouteError").
  const authType = (error as unknown as { type?: unknown }).type;
  const type = typeof authType === "string" ? authType : error.name;
  return {
    type,
    message: redactText(error.message),
    ...(code ? { errorCode: code } : {}),
    ...(error.stack ? { stack: redactText(error.stack) } : {}),
    ...(error.cause !== undefined ? { cause: redactLogFields(error.cause, depth + 1) } : {}),
  };
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
}
