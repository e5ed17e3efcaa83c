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
