import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";
import { auth } from "@/auth";
import { stepPath } from "@/lib/auth/login-flow";
import { accessDeniedResponse } from "@/lib/access-list/denied-response";
import { clientIpFrom } from "@/lib/request-ip";
import { createNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

// Early redirects only. Every page, route handler and server action checks the
// session itself (lib/next/current-user.ts, lib/next/action.ts); this file also rolls
// the session cookie forward, which makes the idle timeout work, and gives every page
// its Content-Security-Policy.
// The 2FA step pages check the pending login themselves; the invitation and reset pages, their link's token.
const PUBLIC_PATHS = ["/login", "/setup-2fa", "/invitation", "/forgot-password", "/reset-password"];
// Pages that show a TOTP secret or backup codes (DESIGN §2), or carry a one-time link's token: never stored by any cache.
const NO_STORE_PATHS = ["/setup-2fa", "/settings/security", "/invitation", "/reset-password"];
// Pages whose URL holds a one-time token: no Referer ever carries more than the origin (see REFERRER_WITHOUT_PATH).
// The wizards' pages (a TOTP secret on screen) are listed too: nothing of theirs leaves in a Referer either.
const TOKEN_PATHS = ["/invitation", "/reset-password", "/setup-2fa", "/settings/security"];
/**
 * Not no-referrer: with it the browser sends `Origin: null` on the page's own form post, which
 * the server-action Origin check refuses (lib/http/security-headers.ts). strict-origin sends the
 * origin alone (never the path or query, so never the token), and nothing from https to http.
 */
const REFERRER_WITHOUT_PATH = "strict-origin";
const CSP = "Content-Security-Policy";

const withSession = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth?.user.stage === "blocked") {
    // The session layer found the caller outside the Access List before server.ts's gate did.
    const denied = accessDeniedResponse({
      clientIp: clientIpFrom(request.headers),
      organisationName: request.auth.user.organisationName ?? "your organisation",
      accept: request.headers.get("accept") ?? undefined,
    });
    return new NextResponse(denied.body, { status: 403, headers: denied.headers });
  }
  const isPublic = PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
  if (isPublic || request.auth?.user.stage === "complete") {
    // The request's CSP header is how Next learns the nonce for its scripts.
    const response = NextResponse.next({ request: { headers: request.headers } });
    if (NO_STORE_PATHS.includes(pathname)) response.headers.set("Cache-Control", "no-store");
    if (TOKEN_PATHS.includes(pathname)) response.headers.set("Referrer-Policy", REFERRER_WITHOUT_PATH);
    return response;
  }

  // A session that must pass a second-factor step (a new requirement reached it) goes
  // straight to that step; no session goes to the login page. Either comes back here after.
  const step = request.auth?.user.stage === "two-factor" ? request.auth.user.step : undefined;
  const target = new URL(step ? stepPath(step) : "/login", request.nextUrl);
  target.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(target);
});

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const policy = pageContentSecurityPolicy({ nonce: createNonce(), dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(CSP, policy);
  // POSTs to pages are server actions: each checks the session itself, and may set the
  // session cookie (sign-in, sign-out). A refreshed cookie from here would race with theirs.
  // A form's action answers with a page, so it gets the policy too.
  const response =
    request.method !== "GET" && request.method !== "HEAD"
      ? NextResponse.next({ request: { headers } })
      : ((await withSession(new NextRequest(request, { headers }), event as never)) ?? NextResponse.next({ request: { headers } }));
  response.headers.set(CSP, policy);
  return response;
}

export const config = {
  // The login route answers JSON or a redirect, never a page: nothing here applies to it.
  matcher: ["/((?!api/auth|api/login|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
