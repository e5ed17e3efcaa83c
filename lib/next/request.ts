import "server-only";
import { headers } from "next/headers";
import { currentRequestContext, type RequestContext } from "@/lib/request-context";
import { clientIpFrom } from "@/lib/request-ip";

// The request being served, as server.ts established it, for code that gets no request
// of its own (Auth.js callbacks, server components, actions).

export async function currentClientIp(): Promise<string> {
  const context = currentRequestContext();
  if (context) return context.clientIp;
  try {
    return clientIpFrom(await headers());
  } catch {
    return "unknown"; // outside a request: no address may pass an Access List
  }
}

/** Where this request's login step left the session (set in authorize(), read by the login route). */
export function noteLoginOutcome(outcome: NonNullable<RequestContext["loginOutcome"]>): void {
  const context = currentRequestContext();
  if (context) context.loginOutcome = outcome;
}

export function loginOutcomeOfRequest(): RequestContext["loginOutcome"] {
  return currentRequestContext()?.loginOutcome;
}

export async function currentUserAgent(): Promise<string | null> {
  const context = currentRequestContext();
  if (context) return context.userAgent;
  try {
    return (await headers()).get("user-agent")?.slice(0, 512) ?? null;
  } catch {
    return null;
  }
}

/**
 * The session check of a page request, run once: proxy.ts and the page it renders both ask
 * Auth.js for the session, and each ask would decrypt the token and read its record again.
 * Only for GET and HEAD, which change nothing between the two asks; a POST (a server action
 * that may sign out, revoke or change 2FA, then renders) checks afresh every time.
 */
export function onceForThisPageRequest<T>(key: string, check: () => Promise<T>): Promise<T> {
  const context = pageRequestContext();
  if (!context) return check();
  if (context.sessionCheck?.key === key) return context.sessionCheck.result as Promise<T>;
  const result = check();
  context.sessionCheck = { key, result };
  return result;
}

/**
 * The session proxy.ts already checked for this GET or HEAD request: its claims, null for
 * none, or undefined when nothing checked it yet (then ask Auth.js).
 */
export function sessionCheckedForThisPageRequest(): Promise<unknown> | undefined {
  return pageRequestContext()?.sessionCheck?.result;
}

/** The context of a GET or HEAD request (one that changes nothing while it is served), or null. */
function pageRequestContext(): RequestContext | null {
  const context = currentRequestContext();
  return context?.method === "GET" || context?.method === "HEAD" ? context : null;
}
