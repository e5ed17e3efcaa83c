import "server-only";
import { readSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { decodeSessionToken } from "@/lib/auth/session-jwt";
import { authSecretsFromEnv } from "@/lib/auth/auth-secrets";
import { parseTokenClaims, type TokenClaims } from "@/lib/auth/session-claims";
import { currentRequestContext } from "@/lib/request-context";

/**
 * The session a request's own cookie names (for authorize(), which Auth.js hands the
 * request but not the session): read by the one cookie reader, decrypted, not yet checked
 * against its record (the login flow does that).
 */
export async function tokenClaimsOfRequest(headers: Headers): Promise<TokenClaims | null> {
  const secure = currentRequestContext()?.secure ?? false;
  const cookie = readSessionCookie(headers.get("cookie") ?? undefined, secure);
  if (cookie.kind !== "token") return null;
  const payload = await decodeSessionToken({ token: cookie.token, secret: authSecretsFromEnv(), salt: sessionCookieName(secure) }).catch(() => null);
  return payload ? parseTokenClaims(payload) : null;
}
