// Plain Node (server.ts loads it): the Prometheus endpoint, on a port of its own. Off unless
// METRICS_PORT is set; never the public port, so the numbers are not public. With several
// workers the cluster primary serves it and asks each worker for its registry (prom-client's
// AggregatorRegistry): counters and histograms add up, the database gauges are taken once.
import http from "node:http";
import { AggregatorRegistry, type Registry } from "prom-client";

export interface MetricsServerConfig {
  port: number;
  host: string;
}

/** METRICS_PORT/METRICS_HOST: null when metrics are off, else the address, or the problems that stop the start. */
export function metricsConfigFrom(
  env: Record<string, string | undefined>,
  publicPort: number,
): { ok: true; config: MetricsServerConfig | null } | { ok: false; problems: string[] } {
  const raw = env.METRICS_PORT?.trim();
  if (!raw) return { ok: true, config: null };
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) return { ok: false, problems: [`METRICS_PORT must be a port number (1-65535), not "${raw}"`] };
  if (port === publicPort)
    return { ok: false, problems: [`METRICS_PORT (${port}) must differ from the public port: metrics are never served publicly`] };
  return { ok: true, config: { port, host: env.METRICS_HOST?.trim() || "127.0.0.1" } };
}

/** The exposition text and its content type: this process's registry, or every worker's summed. */
export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

export function processMetrics(registry: Registry): MetricsSource {
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}

/** In the cluster primary: asks every worker (each must have called answerClusterMetrics). */
export function clusterMetrics(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() });
}

/** In a worker: answers the primary's requests with this registry (the one both server.ts and Next's bundle count into). */
export function answerClusterMetrics(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // its constructor installs the worker's message listener
}

/** GET /metrics (HEAD too); anything else is 404. A failed collection answers 503, without details. */
export function startMetricsServer(
  config: MetricsServerConfig,
  source: MetricsSource,
  log: (message: string) => void = console.error,
): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0];
    if (path !== "/metrics") {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("Method not allowed\n");
      return;
    }
    source().then(
      ({ contentType, body }) => response.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" }).end(body),
      (error: unknown) => {
        log(`Metrics could not be collected: ${error instanceof Error ? error.message : String(error)}`);
        response.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" }).end("Metrics unavailable\n");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
