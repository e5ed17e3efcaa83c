import "server-only";
import { currentRequestContext } from "@/lib/request-context";
import { cookies } from "next/headers";
import { readTrustedBrowserToken, trustedBrowserCookieName, trustedBrowserCookieOptions } from "@/lib/auth/trusted-browsers";

// The trusted-browser cookie of the request being served. Secure (and `__Host-`) exactly
// when the session cookie is: server.ts decides it once per request.

/** Whether this request's cookies are Secure ones (https, or an https AUTH_URL). */
export function requestUsesSecureCookies(): boolean {
  return currentRequestContext()?.secure ?? false;
}

/** The trusted-browser token the request's Cookie header carries, or null. */
export function trustedBrowserTokenOf(headers: Headers): string | null {
  return readTrustedBrowserToken(headers.get("cookie"), requestUsesSecureCookies());
}

/**
 * Hands the browser its trusted-browser token (on the login route's response, as Auth.js sets
 * the session cookie). A browser holds one: another user trusting it replaces the cookie.
 */
export async function setTrustedBrowserCookie(trusted: { token: string; days: number }): Promise<void> {
  const secure = requestUsesSecureCookies();
  (await cookies()).set(trustedBrowserCookieName(secure), trusted.token, trustedBrowserCookieOptions(trusted.days, secure));
}

/** The token of the browser whose page or action is being served (the settings list's "This browser"). */
export async function currentTrustedBrowserToken(): Promise<string | null> {
  return readTrustedBrowserToken((await cookies()).toString() || null, requestUsesSecureCookies());
}
