import "server-only";
import { randomToken, sha256 } from "@/lib/crypto";
import { readTokenCookie } from "@/lib/http/token-cookie";

// The browser a sign-in with a passkey alone is for (issue 15). There is no session yet, so the
// sign-in challenge is bound to a random value the browser holds in an HttpOnly cookie for the
// challenge's 5 minutes; the server keeps only its SHA-256 with the challenge. An answer posted
// from another browser (or signed over another browser's challenge) is refused.

const COOKIE_BASE = "twofold.passkey-sign-in";
const MAX_AGE_SECONDS = 5 * 60;

/** `__Host-` (Secure, Path=/, no Domain) over https; the plain name on http://localhost, like the session cookie. */
export function passkeySignInCookieName(secure: boolean): string {
  return secure ? `__Host-${COOKIE_BASE}` : COOKIE_BASE;
}

/** HttpOnly, SameSite=Lax, Path=/, 5 minutes (0: delete it); Secure over https. */
export function passkeySignInCookieOptions(secure: boolean, maxAge = MAX_AGE_SECONDS) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge, secure };
}

/** A new browser value: the raw one for the cookie, its hash for the challenge. */
export function newPasskeySignInBrowser(): { token: string; browserHash: string } {
  const token = randomToken(32);
  return { token, browserHash: sha256(token) };
}

/** The value a Cookie header carries under this protocol's name, or null (absent or not one of ours). */
export function passkeySignInToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  return readTokenCookie(cookieHeader, passkeySignInCookieName(secure));
}

/** The hash of that value, or null. */
export function passkeySignInBrowserHash(cookieHeader: string | null | undefined, secure: boolean): string | null {
  const token = passkeySignInToken(cookieHeader, secure);
  return token ? sha256(token) : null;
}

/**
 * The browser a new sign-in challenge is for: the one this browser already holds (its earlier
 * challenge is then replaced, so a browser has one at a time), else a new value.
 */
export function passkeySignInBrowser(existingToken: string | null): { token: string; browserHash: string } {
  return existingToken ? { token: existingToken, browserHash: sha256(existingToken) } : newPasskeySignInBrowser();
}
