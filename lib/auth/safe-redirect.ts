/**
 * Returns `target` only if it is a path on this site; anything else (another origin,
 * a protocol-relative `//host`, a backslash trick, a `javascript:` URL) becomes `fallback`.
 */
export function safeRedirectPath(target: string | null | undefined, fallback = "/dashboard"): string {
  if (!target) return fallback;
  let path = target.trim();
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return fallback;
  try {
    const parsed = new URL(path, "http://twofold.invalid");
    if (parsed.origin !== "http://twofold.invalid") return fallback;
    path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return fallback;
  }
  if (path.startsWith("/login") || path.startsWith("/api/auth")) return fallback;
  return path;
}

/** What every page receives as its query string. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The page's `callbackUrl`, if it has one, reduced to a safe same-origin path. */
export async function callbackPathFrom(searchParams: SearchParams): Promise<string | undefined> {
  const { callbackUrl } = await searchParams;
  return typeof callbackUrl === "string" ? safeRedirectPath(callbackUrl) : undefined;
}
