// Plain Node (server.ts loads it): the one reader of the session cookie. It follows
// Auth.js exactly (the name by protocol, every cookie whose name starts with it joined
// as chunks in suffix order, the first of duplicate names, percent-decoding), so the
// Access List gate and the app can never disagree about which session a request carries.
// server.ts hands Next only what this reader read, under the one canonical name.

const BASE_NAME = "authjs.session-token";
const SECURE_PREFIX = "__Secure-";

/** The session cookie's name, as Auth.js picks it: `__Secure-` when the site is reached over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? `${SECURE_PREFIX}${BASE_NAME}` : BASE_NAME;
}

/**
 * Whether Auth.js uses secure cookies for a request: AUTH_URL's protocol when it is set,
 * otherwise the protocol the request came in on (server.ts decides it).
 */
export function usesSecureCookies(proto: "http" | "https", authUrl: string | undefined = process.env.AUTH_URL): boolean {
  if (authUrl) {
    try {
      return new URL(authUrl).protocol === "https:";
    } catch {
      // An unparsable AUTH_URL: Auth.js ignores it the same way.
    }
  }
  return proto === "https";
}

/**
 * Any cookie that could be taken for a session (any case, any prefix, any chunk suffix).
 * Only the exact ones below are ever read; the rest are stripped and cleared.
 */
export function looksLikeSessionCookie(name: string): boolean {
  return name.toLowerCase().includes(BASE_NAME);
}

interface CookiePair {
  name: string;
  value: string;
}

/** The name=value pairs of a Cookie header, trimmed as Auth.js's parser trims them, raw (not decoded). */
export function cookiePairs(header: string): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    const name = part.slice(0, index).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!name) continue;
    pairs.push({ name, value: part.slice(index + 1).replace(/^[ \t]+|[ \t]+$/g, "") });
  }
  return pairs;
}

export type SessionCookie =
  /** No session cookie at all (other session-looking cookies may still need clearing). */
  | { kind: "none"; strays: string[] }
  /** The token Auth.js would read, from these cookie names. */
  | { kind: "token"; token: string; names: string[]; strays: string[] }
  /** Session cookies that no reader could make a token of (e.g. broken percent-encoding). */
  | { kind: "malformed"; names: string[]; strays: string[] };

/**
 * Reads the session token from a Cookie header the way Auth.js does. `strays` are the
 * session-looking cookies that Auth.js would not read for this protocol (other prefixes,
 * other case): they are never used, only cleared.
 */
export function readSessionCookie(header: string | undefined, secure: boolean): SessionCookie {
  const name = sessionCookieName(secure);
  const chunks = new Map<string, string>();
  const seen = new Set<string>();
  const strays = new Set<string>();
  let malformed = false;
  for (const pair of cookiePairs(header ?? "")) {
    if (!looksLikeSessionCookie(pair.name)) continue;
    if (!pair.name.startsWith(name)) {
      strays.add(pair.name);
      continue;
    }
    if (seen.has(pair.name)) continue; // Auth.js's parser keeps the first of duplicate names, empty or not
    seen.add(pair.name);
    const decoded = percentDecode(pair.value);
    if (decoded === null) malformed = true;
    if (decoded !== "") chunks.set(pair.name, decoded ?? "");
  }
  const names = [...chunks.keys()];
  if (malformed) return { kind: "malformed", names, strays: [...strays] };
  if (names.length === 0) return { kind: "none", strays: [...strays] };
  // Auth.js joins the chunks ordered by the number after the last dot (a plain name counts as 0).
  const suffix = (key: string) => parseInt(key.split(".").pop() || "0");
  const token = [...names]
    .sort((a, b) => suffix(a) - suffix(b))
    .map((key) => chunks.get(key))
    .join("");
  return { kind: "token", token, names, strays: [...strays] };
}

/** decodeURIComponent, or null where the value's percent-encoding is broken. */
function percentDecode(value: string): string | null {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * The Cookie header without any session-looking cookie, plus the session token under its
 * one canonical name when there is one to keep. What Next and Auth.js then see is exactly
 * what the reader decided.
 */
export function rewriteCookieHeader(header: string | undefined, keep: { secure: boolean; token: string } | null): string {
  const kept = cookiePairs(header ?? "")
    .filter((pair) => !looksLikeSessionCookie(pair.name))
    .map((pair) => `${pair.name}=${pair.value}`);
  if (keep) kept.push(`${sessionCookieName(keep.secure)}=${keep.token}`);
  return kept.join("; ");
}

/** Set-Cookie values that delete these cookies (with the attributes a `__Secure-` name needs). */
export function clearingCookies(names: Iterable<string>): string[] {
  const result: string[] = [];
  for (const name of new Set(names)) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) continue; // not a name a Set-Cookie can carry
    const secure = name.toLowerCase().startsWith("__secure-") || name.toLowerCase().startsWith("__host-");
    result.push(`${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
  }
  return result;
}
