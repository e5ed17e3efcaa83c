import "server-only";
import { cookies } from "next/headers";
import { requestUsesSecureCookies } from "@/lib/next/trusted-browser-cookie";
import {
  passkeySignInBrowserHash,
  passkeySignInCookieName,
  passkeySignInCookieOptions,
  passkeySignInToken,
} from "@/lib/auth/passkey-sign-in-browser";

// The passkey sign-in cookie of the request being served (lib/auth/passkey-sign-in-browser.ts).
// Secure (and `__Host-`) exactly when the session cookie is.

/** The browser hash a sign-in challenge of this request's browser was bound to, or null. */
export function passkeySignInBrowserHashOf(headers: Headers): string | null {
  return passkeySignInBrowserHash(headers.get("cookie"), requestUsesSecureCookies());
}

/** The sign-in value this request's browser already holds, or null. */
export function passkeySignInTokenOf(headers: Headers): string | null {
  return passkeySignInToken(headers.get("cookie"), requestUsesSecureCookies());
}

/** Hands the browser its value for the sign-in challenge just issued (5 minutes). */
export async function setPasskeySignInCookie(token: string): Promise<void> {
  const secure = requestUsesSecureCookies();
  (await cookies()).set(passkeySignInCookieName(secure), token, passkeySignInCookieOptions(secure));
}

/** The sign-in was answered (its challenge is spent either way): the value is of no more use. */
export async function clearPasskeySignInCookie(): Promise<void> {
  const secure = requestUsesSecureCookies();
  (await cookies()).set(passkeySignInCookieName(secure), "", passkeySignInCookieOptions(secure, 0));
}
