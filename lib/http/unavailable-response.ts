// Plain Node (server.ts loads it; so do route handlers): the 503 a request gets while the
// database is unavailable (lib/database-unavailable.ts), in the form its client reads: a
// small page for a browser, JSON for the API and fetches, plain text for a server action
// (Next's client shows a text/plain error's words).
import type http from "node:http";
import { requestMetDatabaseOutage, UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_SECONDS, UNAVAILABLE_TITLE } from "@/lib/database-unavailable";
import { looksLikeSessionCookie } from "@/lib/auth/session-cookie";
import type { RequestContext } from "@/lib/request-context";
import { givenHeadersOf, removeSetCookies } from "./write-head";

export interface UnavailableResponse {
  status: 503;
  headers: Record<string, string>;
  body: string;
}

/** What a request with this path and these headers should get (`nextAction`: Next's Next-Action header). */
export function unavailableResponse(request: { path: string; accept?: string | null; nextAction?: string | null }): UnavailableResponse {
  const headers = { "Cache-Control": "no-store", "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) };
  if (request.nextAction) return { status: 503, headers: { ...headers, "Content-Type": "text/plain" }, body: UNAVAILABLE_MESSAGE };
  const accept = request.accept ?? "";
  if (request.path.startsWith("/api/") || !accept.includes("text/html")) {
    return {
      status: 503,
      headers: { ...headers, "Content-Type": "application/json" },
      // `ok: false` too: the login forms read `{ ok, error }` (error code UNAVAILABLE has the same words).
      body: JSON.stringify({ ok: false, error: "UNAVAILABLE", message: UNAVAILABLE_MESSAGE }),
    };
  }
  return {
    status: 503,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
    // Landmarks like every other page; colours from the browser's scheme; no script (the CSP allows none).
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${UNAVAILABLE_TITLE}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem">
<header><p style="font-size:1.25rem;font-weight:700">Twofold</p></header>
<main><h1 style="font-size:1.5rem">${UNAVAILABLE_TITLE}</h1><p>It is reconnecting to its database. Try again in a few seconds.</p>
<p>Try again in a few seconds: reload this page.</p></main>
</body></html>`,
  };
}

/** The 503 for a Node request (server.ts). */
export function unavailableResponseFor(request: http.IncomingMessage): UnavailableResponse {
  const header = (name: string) => [request.headers[name]].flat()[0] ?? null;
  return unavailableResponse({ path: (request.url ?? "/").split("?", 1)[0]!, accept: header("accept"), nextAction: header("next-action") });
}

/** Writes the 503, replacing whatever headers the app had set for its own answer (the writer adds its security headers). */
export function writeUnavailable(response: http.ServerResponse, request: http.IncomingMessage, writeHead = response.writeHead, end = response.end) {
  for (const name of response.getHeaderNames()) if (name !== "x-request-id") response.removeHeader(name);
  const answer = unavailableResponseFor(request);
  (writeHead as (status: number, headers: Record<string, string>) => unknown).call(response, answer.status, answer.headers);
  (end as (body: string) => unknown).call(response, answer.body);
}

/**
 * While the database is unavailable, a request's answer is the 503, never a decision taken on
 * data that could not be read, and it never ends anyone's session. When the request was marked
 * (instrumentation.ts's onRequestError, Auth.js's logger, any caller of noteDatabaseFailure):
 *  - the 500 Next is about to write (a page, route handler or action that threw) becomes the 503;
 *  - so does a redirect, and any answer to a GET or HEAD: Auth.js swallows a failed session
 *    read and reports "no session", so proxy.ts would send a signed-in user to the login page,
 *    a public page would show itself as if they were signed out, and an action would answer
 *    "sign in again";
 *  - any other answer (the login route's own 503, an action's UNAVAILABLE form state, which
 *    says more where the user typed) goes out without any Set-Cookie that deletes a session
 *    cookie (Auth.js clears a session whose read failed), so the browser keeps its session for
 *    when the database is back; a newly issued session cookie goes out as usual.
 * Unmarked requests pass through untouched.
 */
export function answerUnavailableInsteadOfFailure(request: http.IncomingMessage, response: http.ServerResponse, context: RequestContext): void {
  const { writeHead, write, end } = response;
  let replaced = false;
  const failed = () => requestMetDatabaseOutage(context);
  // A page read (GET or HEAD) answered without its data: whatever it was about to show is the 503.
  const read = request.method === "GET" || request.method === "HEAD";
  const replacing = (status: number) =>
    replaced || (!response.headersSent && failed() && (status === 500 || isRedirect(status) || (read && status !== 503)));
  const callbackOf = (args: unknown[]) => args.find((arg): arg is () => void => typeof arg === "function");

  response.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    if (replacing(status)) {
      replaced = true; // the 503 is written when Next ends its answer
      return this;
    }
    if (failed()) removeSetCookies(this, givenHeadersOf([status, ...rest]), clearsSessionCookie);
    return (writeHead as (...args: unknown[]) => http.ServerResponse).call(this, status, ...rest);
  } as typeof writeHead;
  response.write = function (this: http.ServerResponse, ...args: unknown[]) {
    if (replacing(this.statusCode)) {
      replaced = true;
      const callback = callbackOf(args);
      if (callback) process.nextTick(callback);
      return true;
    }
    return (write as (...args: unknown[]) => boolean).apply(this, args);
  } as typeof write;
  response.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (replacing(this.statusCode)) {
      replaced = true;
      response.writeHead = writeHead;
      response.write = write;
      response.end = end;
      writeUnavailable(this, request, writeHead, end);
      const callback = callbackOf(args);
      if (callback) this.once("finish", callback);
      return this;
    }
    return (end as (...args: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof end;
}

const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * Whether a Set-Cookie value deletes a session cookie (an empty value, `Max-Age` of zero or
 * less, or an expiry in the past). A newly issued session cookie (a login step that completed
 * before some other read failed) is kept.
 */
export function clearsSessionCookie(setCookie: string, now = Date.now()): boolean {
  const [pair = "", ...attributes] = setCookie.split(";");
  const equals = pair.indexOf("=");
  const name = (equals < 0 ? pair : pair.slice(0, equals)).trim();
  if (!looksLikeSessionCookie(name)) return false;
  if (equals < 0 || !pair.slice(equals + 1).trim()) return true;
  return attributes.some((attribute) => {
    const [key = "", value = ""] = attribute.split("=", 2).map((part) => part.trim());
    if (key.toLowerCase() === "max-age") return Number(value) <= 0;
    if (key.toLowerCase() === "expires") return Date.parse(value) <= now;
    return false;
  });
}
