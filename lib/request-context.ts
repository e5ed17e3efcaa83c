// Plain Node (server.ts loads it, and so does the app): what server.ts established about
// the request it is serving (the client's address, whether it came over TLS, the browser),
// available to any code running for that request, including Auth.js's callbacks, which
// get no request of their own. One store per process: server.ts and Next's bundle each
// load this module, so the store lives on globalThis.
import { AsyncLocalStorage } from "node:async_hooks";
import type { LoginOutcome } from "@/lib/auth/login-flow";

export interface RequestContext {
  /** Names this request in every log line it causes (server.ts makes it; answered as X-Request-Id). */
  requestId?: string;
  /** The signed-in user's organisation, once the session was read (for log lines). */
  organisationId?: string;
  /** What the request ended as, where a handler knows better than the status (e.g. "wrong_code"). */
  outcome?: string;
  clientIp: string;
  secure: boolean;
  userAgent: string | null;
  /** The HTTP method: a GET or HEAD changes nothing, so what it checked once holds for the whole request. */
  method?: string;
  /** Where this request's login step left the session (set in authorize(), read by the login route). */
  loginOutcome?: LoginOutcome;
  /** A GET's session check, done once (in proxy.ts) and reused by the page it renders. */
  sessionCheck?: { key: string; result: Promise<unknown> };
  /** A query of this request failed because the database is unavailable (lib/database-unavailable.ts): its 500 becomes a 503. */
  databaseUnavailable?: boolean;
}

const KEY = Symbol.for("twofold.requestContext");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
const storage: AsyncLocalStorage<RequestContext> = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being served, or null outside one (scripts, tests). */
export function currentRequestContext(): RequestContext | null {
  return storage.getStore() ?? null;
}
