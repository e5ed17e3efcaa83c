// Prometheus metrics (prom-client). The names and labels live here, in one place; code that
// counts something calls the small functions below. One registry per process on globalThis:
// server.ts and Next's bundle each load this module. server.ts serves them on METRICS_PORT
// (off by default, never the public port), summed across WEB_CONCURRENCY workers.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** How a login attempt (one step of POST /api/login or a sign-in with a passkey) ended. */
export const LOGIN_OUTCOMES = [
  "success",
  "second_factor_required",
  "wrong_password",
  "wrong_code",
  "locked",
  "access_list_refused",
  "rate_limited",
  "invalid_request",
  "database_unavailable",
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
}

export function createMetrics(options: { defaults?: boolean } = {}): TwofoldMetrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
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
      aggregator: "max",
      registers,
    }),
    activeSessions: new Gauge({ name: "twofold_active_sessions", help: "Sessions signed in and not expired.", aggregator: "max", registers }),
  };
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
