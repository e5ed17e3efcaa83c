// Plain Node (server.ts loads it; so do route handlers): the 503 a request gets while the
// database is unavailable (lib/database-unavailable.ts), in the form its client reads: a
// small page for a browser, JSON for the API and fetches, plain text for a server action
// (Next's client shows a text/plain error's words).
import type http from "node:http";
import { UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_SECONDS, UNAVAILABLE_TITLE } from "@/lib/database-unavailable";
import type { RequestContext } from "@/lib/request-context";

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
 * Next answers a page or route handler that threw with a 500. When that request's failure was
 * the database being unavailable (the context is marked by instrumentation.ts's
 * onRequestError, or by any caller of noteDatabaseFailure), the 500 Next is about to write
 * becomes the 503 instead; every other response passes through untouched.
 */
export function answerUnavailableInsteadOf500(request: http.IncomingMessage, response: http.ServerResponse, context: RequestContext): void {
  const { writeHead, write, end } = response;
  let replaced = false;
  const replacing = (status: number) => replaced || (!response.headersSent && status === 500 && context.databaseUnavailable === true);
  const callbackOf = (args: unknown[]) => args.find((arg): arg is () => void => typeof arg === "function");

  response.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    if (replacing(status)) {
      replaced = true; // the 503 is written when Next ends its answer
      return this;
    }
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
