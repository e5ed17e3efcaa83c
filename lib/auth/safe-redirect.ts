import { isErrorCode, type ErrorCode } from "@/lib/auth/errors";
/** Where a redirect goes when its target is refused. */
export const DEFAULT_REDIRECT_PATH = "/dashboard";

const MAX_LENGTH = 2048;
// Never redirect back into the login flow or Auth.js's endpoints (loops, chained redirects).
const EXCLUDED_ROUTES = ["/login", "/api/auth"];
// Two unrelated bases: a relative reference lands on each, a target with its own authority on neither.
const PROBE_A = "https://a.twofold.invalid";
const PROBE_B = "https://b.twofold.invalid";
// Characters a URL parser silently drops or rewrites (tab and newlines vanish, `\` becomes `/`).
const REWRITTEN_BY_PARSERS = /[\u0000-\u001f\u007f\\]/;
// The whole result: a single leading slash, then printable ASCII other than `\` (the parser
// percent-encodes spaces, controls and non-ASCII; a backslash never gets this far).
const SAFE_SHAPE = /^\/(?!\/)[\u0021-\u005b\u005d-\u007e]*$/;
// In the path: an encoded slash, backslash, percent sign or control character, which a later
// decode (a proxy, a second hop through callbackUrl) would turn into `//`, `\` or a new escape.
const ENCODED_HAZARD = /%(?:2f|5c|25|[01][0-9a-f]|7f)/i;

/**
 * The one gate for every redirect to a requested target (`callbackUrl`, `next=`): pages,
 * server actions and the Auth.js redirect callback. Returns a same-origin path that starts
 * with exactly one `/`, or `fallback`.
 *
 * It normalises first, as a browser would (dot segments, percent-encoding), then decides on
 * the normalised result, so normalising cannot create `//evil` after the check has passed.
 * Absolute URLs are accepted only when `origin` is given and they are on it (Auth.js hands
 * the callback absolute URLs); the result is still just the path.
 */
export function safeRedirectPath(
  target: string | null | undefined,
  { origin, fallback = DEFAULT_REDIRECT_PATH }: { origin?: string; fallback?: string } = {},
): string {
  const path = normalisedPath(target, origin);
  return path !== null && isSafePath(path) ? path : fallback;
}

/** `target` as the path, query and hash a browser would request, or null if it names another origin. */
function normalisedPath(target: string | null | undefined, origin: string | undefined): string | null {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_LENGTH) return null;
  if (REWRITTEN_BY_PARSERS.test(target) || target.trim() !== target) return null;
  let a: URL;
  let b: URL;
  try {
    a = new URL(target, PROBE_A);
    b = new URL(target, PROBE_B);
  } catch {
    return null;
  }
  if (a.origin !== b.origin) {
    // A relative reference: only a path from the root, never `dashboard`, `?x` or `https:evil`.
    if (!target.startsWith("/")) return null;
  } else if (!isOnOrigin(a, origin)) {
    return null;
  }
  return `${a.pathname}${a.search}${a.hash}`;
}

function isOnOrigin(url: URL, origin: string | undefined): boolean {
  return (
    origin !== undefined &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.origin === origin &&
    url.username === "" &&
    url.password === ""
  );
}

/** The decision, taken on the normalised string itself, not only on how it parses. */
function isSafePath(path: string): boolean {
  if (path.length > MAX_LENGTH || !SAFE_SHAPE.test(path)) return false;
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  if (pathname.includes("//") || ENCODED_HAZARD.test(pathname)) return false;
  // A fixed point: read again (by a browser, by the next hop), it is the same path on the same origin.
  const reread = new URL(path, PROBE_A);
  if (reread.origin !== PROBE_A || `${reread.pathname}${reread.search}${reread.hash}` !== path) return false;
  let route: string;
  try {
    // Next matches routes on the decoded path: `/%6Cogin` is /login.
    route = decodeURIComponent(pathname).toLowerCase();
  } catch {
    return false;
  }
  return !EXCLUDED_ROUTES.some((excluded) => route === excluded || route.startsWith(`${excluded}/`));
}

/** What every page receives as its query string. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The page's `callbackUrl`, if it has one, reduced to a safe same-origin path. */
export async function callbackPathFrom(searchParams: SearchParams): Promise<string | undefined> {
  const { callbackUrl } = await searchParams;
  return typeof callbackUrl === "string" ? safeRedirectPath(callbackUrl) : undefined;
}

/** The `error` a refused plain form post came back with (a known code only), for the form to show. */
export async function errorCodeFrom(searchParams: SearchParams): Promise<ErrorCode | undefined> {
  const { error } = await searchParams;
  return isErrorCode(error) ? error : undefined;
}
