// Prometheus metrics (prom-client). The names and labels live here, in one place; code that
// counts something calls the small functions below. One registry per process on globalThis:
// server.ts and Next's bundle each load this module. server.ts serves them on METRICS_PORT
// (off by default, never the public port), summed across WEB_CONCURRENCY workers.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * How a login attempt (one step of POST /api/login, a sign-in with a passkey included) ended.
 * success: the login is complete; second_factor_required: the step passed and another is asked
 * (the challenge, or the setup wizard); login_expired: the pending second-factor step was gone;
 * recovery_in_progress: a temporary access code is being used elsewhere; error: no outcome
 * (a fault). The others are the refusals they name (invalid_request: a malformed or cross-site post).
 */
export const LOGIN_OUTCOMES = [
  "success",
  "second_factor_required",
  "wrong_password",
  "wrong_code",
  "locked",
  "access_list_refused",
  "rate_limited",
  "invalid_request",
  "login_expired",
  "recovery_in_progress",
  "database_unavailable",
  "error",
] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** The second factor a completed login used. */
export const SECOND_FACTOR_METHODS = ["totp", "backup_code", "passkey", "temporary_access_code", "trusted_browser"] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

/** What kind of route a request was for (the latency histogram's label; never the raw path). */
export const ROUTE_KINDS = ["page", "server_action", "login_api", "auth_api", "api", "static", "health"] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export interface TwofoldMetrics {
  registry: Registry;
  logins: Counter<"outcome">;
  secondFactor: Counter<"method">;
  requestDuration: Histogram<"kind" | "status">;
  outboxSendFailures: Counter;
  /** Read from the database when scraped: the same in every worker, so workers report it once. */
  outboxDepth: Gauge<"state">;
  activeSessions: Gauge;
  /** What the database gauges read when scraped (server.ts sets it in each worker; unset: they report 0). */
  databaseGauges?: DatabaseGaugeReader;
}

/** Reads the database-derived gauges: one count per gauge, run when /metrics is scraped. */
export interface DatabaseGaugeReader {
  outboxDepth(): Promise<Record<(typeof OUTBOX_STATES)[number], number>>;
  activeSessions(): Promise<number>;
}

/** The outbox states reported by twofold_outbox_emails (sent emails are not a depth). */
export const OUTBOX_STATES = ["queued", "failed"] as const;

export function createMetrics(options: { defaults?: boolean } = {}): TwofoldMetrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const created: TwofoldMetrics = {
    registry,
    logins: new Counter({ name: "twofold_logins_total", help: "Login attempts by outcome.", labelNames: ["outcome"], registers }),
    secondFactor: new Counter({
      name: "twofold_second_factor_total",
      help: "Completed logins by the second factor used.",
      labelNames: ["method"],
      registers,
    }),
    requestDuration: new Histogram({
      name: "twofold_http_request_duration_seconds",
      help: "Time to answer a request, by kind of route and status class.",
      labelNames: ["kind", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    outboxSendFailures: new Counter({ name: "twofold_outbox_send_failures_total", help: "Emails whose sending failed (each attempt).", registers }),
    outboxDepth: new Gauge({
      name: "twofold_outbox_emails",
      help: "Emails in the outbox by state (queued, failed).",
      labelNames: ["state"],
      // Every worker reads the same database: the primary keeps one worker's value, not their sum.
      aggregator: "max",
      registers,
      async collect() {
        const reader = created.databaseGauges;
        // A database that does not answer keeps the last values: a scrape still shows the rest.
        const depth = await reader?.outboxDepth().catch(() => null);
        if (depth) for (const state of OUTBOX_STATES) this.set({ state }, depth[state]);
      },
    }),
    activeSessions: new Gauge({
      name: "twofold_active_sessions",
      help: "Sessions signed in (every step passed), not revoked, not expired or idle.",
      aggregator: "max",
      registers,
      async collect() {
        const count = await created.databaseGauges?.activeSessions().catch(() => null);
        if (typeof count === "number") this.set(count);
      },
    }),
  };
  return created;
}

const KEY = Symbol.for("twofold.metrics");
const holder = globalThis as unknown as Record<symbol, TwofoldMetrics | undefined>;

/** The process's metrics (created on first use). */
export function metrics(): TwofoldMetrics {
  return (holder[KEY] ??= createMetrics({ defaults: !process.env.VITEST }));
}

export function countLogin(outcome: LoginOutcome): void {
  metrics().logins.inc({ outcome });
}

export function countSecondFactor(method: SecondFactorMethod): void {
  metrics().secondFactor.inc({ method });
}

export function observeRequest(kind: RouteKind, statusCode: number, seconds: number): void {
  metrics().requestDuration.observe({ kind, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
}

/** The route kind of a request, from its method, path and headers (a server action carries Next-Action). */
export function routeKindOf(method: string | undefined, path: string, headers: Record<string, string | string[] | undefined>): RouteKind {
  if (path === "/healthz" || path === "/readyz") return "health";
  if (path.startsWith("/_next/") || path === "/favicon.ico") return "static";
  if (method === "POST" && headers["next-action"]) return "server_action";
  if (path === "/api/login" || path.startsWith("/api/login/")) return "login_api";
  if (path.startsWith("/api/auth/")) return "auth_api";
  if (path.startsWith("/api/")) return "api";
  return "page";
}

/** One failed try to send an outbox email (a retry or the last one). */
export function countOutboxSendFailure(): void {
  metrics().outboxSendFailures.inc();
}
