// What server.ts records when a response is finished: the latency histogram and one log line.
import type { RequestContext } from "@/lib/request-context";
import { log } from "@/lib/observability/log";
import { observeRequest, type RouteKind } from "@/lib/observability/metrics";

export interface FinishedRequest {
  context: RequestContext;
  kind: RouteKind;
  /** The path without its query string (a query may carry a token). */
  path: string;
  statusCode: number;
  seconds: number;
}

export function logRequest({ context, kind, path, statusCode, seconds }: FinishedRequest): void {
  observeRequest(kind, statusCode, seconds);
  const fields = {
    requestId: context.requestId,
    ...(context.organisationId ? { organisationId: context.organisationId } : {}),
    method: context.method,
    route: path,
    kind,
    status: statusCode,
    ...(context.outcome ? { outcome: context.outcome } : {}),
    ms: Math.round(seconds * 1000),
  };
  // Static files and health checks are many and dull: debug level.
  const level = kind === "static" || kind === "health" ? "debug" : statusCode >= 500 ? "error" : "info";
  log[level](fields, "request");
}
