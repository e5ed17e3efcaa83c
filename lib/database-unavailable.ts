// Plain Node (server.ts, the database client and the app's wrappers all load it): the one
// answer to "did this fail because the database is down or restarting?". Such a failure is
// the app's condition, not the request's: callers answer 503 "briefly unavailable" instead
// of a 500, and the request's context remembers it (server.ts turns a 500 Next is about to
// write for that request into the same 503).
import { currentRequestContext, type RequestContext } from "@/lib/request-context";

/** What a user reads while the database is away (the 503 page, JSON `message`, the forms). */
export const UNAVAILABLE_TITLE = "Twofold is briefly unavailable";
export const UNAVAILABLE_MESSAGE = "Twofold is briefly unavailable. Try again in a few seconds.";
/** Seconds a client should wait before trying again (the Retry-After header). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// Prisma's codes for "no database to talk to": can't reach (P1001), timed out connecting
// (P1002), operations timed out (P1008), server closed the connection (P1017), no connection
// from the pool in time (P2024).
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// @prisma/adapter-pg's error kinds for the same.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// SQLSTATE: class 08 (connection exception), admin_shutdown (57P01: a stop or restart ended
// the session), crash_shutdown (57P02), cannot_connect_now (57P03: starting up or shutting
// down), too_many_connections (53300).
const SQLSTATE_EXACT = new Set(["57P01", "57P02", "57P03", "53300"]);
// Node's socket errors on the way to the database.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);
// node-postgres throws these as plain Errors without a code.
const DRIVER_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Can't reach database server/i;

function isSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || SQLSTATE_EXACT.has(code);
}

/** The one link of a chain: does this object itself say the database is unreachable? */
function saysUnavailable(error: Record<string, unknown>): boolean {
  const code = typeof error.code === "string" ? error.code : undefined;
  const errorCode = typeof error.errorCode === "string" ? error.errorCode : undefined; // PrismaClientInitializationError
  const kind = typeof error.kind === "string" ? error.kind : undefined;
  if (code && (PRISMA_CODES.has(code) || isSqlState(code))) return true;
  // A socket code only from a socket call (connect, read, getaddrinfo): a browser that hung up
  // while its request was read also says ECONNRESET, and that is no database outage.
  if (code && SOCKET_CODES.has(code) && typeof error.syscall === "string") return true;
  if (errorCode && PRISMA_CODES.has(errorCode)) return true;
  if (kind && ADAPTER_KINDS.has(kind)) return true;
  if (kind === "postgres" && typeof error.originalCode === "string" && isSqlState(error.originalCode)) return true;
  return typeof error.message === "string" && DRIVER_MESSAGES.test(error.message);
}

/**
 * Whether an error (from Prisma, the driver adapter, node-postgres, or anything wrapping one
 * of them: Auth.js's `cause.err`, Prisma's `meta.driverAdapterError`, an AggregateError)
 * means the database is unreachable, restarting or out of connections, rather than that the
 * request or the code was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length && seen.size < 32) {
    const next = pending.pop();
    if (typeof next !== "object" || next === null || seen.has(next)) continue;
    seen.add(next);
    const fields = next as Record<string, unknown>;
    if (saysUnavailable(fields)) return true;
    const meta = fields.meta as Record<string, unknown> | undefined;
    const cause = fields.cause as Record<string, unknown> | undefined;
    pending.push(cause, cause?.err, meta?.driverAdapterError, fields.originalError);
    if (Array.isArray(fields.errors)) pending.push(...(fields.errors as unknown[]));
  }
  return false;
}

/**
 * Classifies an error seen while serving a request and, when the database is unavailable,
 * marks the request (server.ts answers its 500 as the 503 page). Returns the verdict.
 */
export function noteDatabaseFailure(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  const context = currentRequestContext();
  if (context) context.databaseUnavailable = true;
  return true;
}

/** Whether a query of this request (the current one by default) met the database unavailable, as noteDatabaseFailure marked it. */
export function requestMetDatabaseOutage(context: RequestContext | null = currentRequestContext()): boolean {
  return context?.databaseUnavailable === true;
}
