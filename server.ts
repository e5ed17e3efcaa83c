// The app's HTTP server. It owns the client's address (next start would keep a
// client-sent X-Forwarded-For), enforces the Access List on every request (pages,
// route handlers, server actions, /api/auth/*), checks the secrets, then hands the
// request to Next.
import cluster from "node:cluster";
import crypto from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import nextEnv from "@next/env";
import { encryptionKeyProblem, missingSecrets, previousEncryptionKeysProblem } from "./lib/env";
import { mailConfigProblems } from "./lib/mail/config";
import { CLIENT_IP_HEADER } from "./lib/request-ip";
import { resolveClientIp, trustedProxiesFrom } from "./lib/access-list/client-ip";
import { accessDeniedResponse } from "./lib/access-list/denied-response";
import { usesSecureCookies } from "./lib/auth/session-cookie";
import { runWithRequestContext, type RequestContext } from "./lib/request-context";
import { log, logProblem } from "./lib/observability/log";
import { routeConsoleToLog } from "./lib/observability/console-to-log";
import { logRequest } from "./lib/observability/request-log";
import { metrics, routeKindOf } from "./lib/observability/metrics";
import { answerClusterMetrics, clusterMetrics, metricsConfigFrom, processMetrics, startMetricsServer } from "./lib/observability/metrics-server";
import { screenRequest } from "./lib/http/screen-request";
import { INTERNAL_FORWARD_HEADER, internalForward, internalForwardHeaderValue, internalForwardTokens } from "./lib/http/internal-forward";
import { authSecretsFromEnv } from "./lib/auth/auth-secrets";
import { appendSetCookies } from "./lib/http/write-head";
import { isDatabaseUnavailable } from "./lib/database-unavailable";
import { answerUnavailableInsteadOfFailure, writeUnavailable } from "./lib/http/unavailable-response";
import { answerHealthRequest, createReadinessCheck } from "./lib/operations/health";
import { operationsState, stopRegisteredTasks } from "./lib/operations/process-state";
import { BACKGROUND_STOP_WAIT_MS, createRequestTracker, shutDownGracefully, shutdownDelayMs, shutdownTimeoutMs } from "./lib/operations/shutdown";
import { PROVIDER_PATHS } from "./prisma/provider-schemas";

// Every console line of this process (Next's, React's, a library's) becomes a redacted log line.
routeConsoleToLog(log);

// Whatever a client sends under these names is dropped; the server sets its own.
const FORWARDING_HEADERS = [
  INTERNAL_FORWARD_HEADER,
  CLIENT_IP_HEADER,
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
  "true-client-ip",
  "cf-connecting-ip",
];

const dev = process.env.NODE_ENV !== "production";
const { values } = parseArgs({ options: { port: { type: "string" }, hostname: { type: "string" }, workers: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
// WEB_CONCURRENCY worker processes share the port (one per core is typical); each is a
// stateless instance like any other, with its own Access List cache.
const workers = Math.max(1, Number(values.workers ?? process.env.WEB_CONCURRENCY ?? 1) || 1);
const shutdownTimeout = shutdownTimeoutMs(process.env);
const shutdownDelay = shutdownDelayMs(process.env);

function fail(problems: string[]): never {
  // A log line for the log collector, and the same words plainly on the terminal (stderr), so
  // whoever started the server reads what to fix whatever LOG_FORMAT says.
  log.fatal({ problems }, "Twofold cannot start");
  process.stderr.write(`Twofold cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  log.flush();
  process.exit(1);
}

nextEnv.loadEnvConfig(process.cwd(), dev);
if (!dev) {
  const missing = missingSecrets();
  const keyProblem = missing.includes("TWOFOLD_ENCRYPTION_KEY") ? null : encryptionKeyProblem(process.env.TWOFOLD_ENCRYPTION_KEY);
  const previousProblem = previousEncryptionKeysProblem(process.env);
  const problems = [...missing.map((name) => `${name} is not set`), ...[keyProblem, previousProblem].filter((problem) => problem !== null)];
  if (problems.length) {
    fail([
      ...problems,
      "Set them in the environment (all instances need the same values), or run `npm run env:ensure` to create them in .env.local on a single machine.",
    ]);
  }
}
const mailProblems = mailConfigProblems(process.env, !dev);
if (mailProblems.length) fail(mailProblems);
const trusted = trustedProxiesFrom(process.env.TRUSTED_PROXIES);
if (trusted.invalid.length) fail([`TRUSTED_PROXIES has entries that are not addresses or ranges: ${trusted.invalid.join(", ")}`]);
const metricsSetup = metricsConfigFrom(process.env, port);
if (!metricsSetup.ok) fail(metricsSetup.problems);
const metricsAddress = metricsSetup.config;

/** Prometheus on METRICS_HOST:METRICS_PORT (the primary's, or the single process's); a port that is taken stops the start. */
async function serveMetrics(source: Parameters<typeof startMetricsServer>[1]) {
  if (!metricsAddress) return;
  await startMetricsServer(metricsAddress, source).catch((error: unknown) =>
    fail([`METRICS_PORT ${metricsAddress.port} on ${metricsAddress.host}: ${error instanceof Error ? error.message : String(error)}`]),
  );
  log.info({ host: metricsAddress.host, port: metricsAddress.port }, "Metrics are served at /metrics");
}

if (workers > 1 && cluster.isPrimary) {
  // Every worker's registry, summed (the database gauges: one worker's value). Before the
  // fork, so a taken port stops the start with no worker left behind.
  await serveMetrics(clusterMetrics());
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (code !== 0 && !shuttingDown) {
      log.error({ workerPid: worker.process.pid, exitCode: code }, "worker exited; starting another");
      cluster.fork();
    }
  });
  let shuttingDown = false;
  // Each worker drains its own requests; the primary waits for them (a little longer than
  // their timeout, and than the mail sender's stop, so its leased emails are given back), then
  // cuts off any that hang. A repeated signal changes nothing.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, "shutting down the workers");
      const remaining = () => Object.values(cluster.workers ?? {}).filter((worker) => worker && !worker.isDead());
      cluster.on("exit", () => remaining().length === 0 && process.exit(0));
      for (const worker of remaining()) worker!.process.kill(signal);
      if (remaining().length === 0) process.exit(0);
      setTimeout(
        () => {
          const left = remaining();
          log.error({ workers: left.length }, "workers did not stop in time: killing them");
          for (const worker of left) worker!.process.kill("SIGKILL");
          process.exit(1);
        },
        shutdownDelay + Math.max(shutdownTimeout, BACKGROUND_STOP_WAIT_MS) + 2000,
      ).unref();
    });
  }
  log.info({ workers, port }, "Twofold is starting its worker processes");
  await new Promise(() => {}); // the primary only supervises
}

// Imported only now: the database client reads DATABASE_URL from the env files loaded above.
const { db } = await import("./lib/db");
const { createAccessListGate } = await import("./lib/access-list/gate");
const { databaseGaugeReader } = await import("./lib/observability/database-gauges");
// The registry on globalThis: what Next's bundle counts (logins) lands in it too.
metrics().databaseGauges = databaseGaugeReader(db);
if (cluster.isWorker) answerClusterMetrics(metrics().registry);
else await serveMetrics(processMetrics(metrics().registry));
const authSecrets = authSecretsFromEnv();
const gate = createAccessListGate({ db, secret: authSecrets, log: logProblem("access-list-gate") });
// Shared by every worker and instance (a self-request may land on another worker); without
// AUTH_SECRET (a development start) a per-process one.
const internalTokens = internalForwardTokens(authSecrets.length ? authSecrets : [crypto.randomBytes(32).toString("base64")]);
await gate.start();

// Next fetches from itself (a server action's redirect target, or an action that lives in
// another worker) at http://<hostname>:<port>. "localhost" keeps that same-origin with a
// browser on http://localhost, and the fixed origin keeps it plain HTTP even when a proxy
// in front terminated TLS (otherwise Next would try https on this plain-HTTP port).
process.env.__NEXT_PRIVATE_ORIGIN ??= `http://localhost:${port}`;
const app = next({ dev, hostname: "localhost", port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

const operations = operationsState();
const readiness = createReadinessCheck({ db, migrationsDir: PROVIDER_PATHS[db.dialect].migrationsDir, state: operations });
const requests = createRequestTracker(operations);

async function serve(request: http.IncomingMessage, response: http.ServerResponse, context: RequestContext) {
  // Health checks: the one exemption from the Access List; they reveal nothing but ok or not.
  if (await answerHealthRequest(request, response, readiness)) return;
  const peer = request.socket.remoteAddress ?? "";
  // Next calling itself for the original request: that request's client, protocol and host.
  const forwarded = internalForward({ peer, headers: request.headers, tokens: internalTokens, clientIpHeader: CLIENT_IP_HEADER });
  const clientIp = forwarded?.clientIp ?? resolveClientIp({ peer, forwardedFor: request.headers["x-forwarded-for"], trusted: trusted.matcher });
  // Behind a trusted proxy that terminates TLS, its X-Forwarded-Proto decides secure
  // (__Secure-) session cookies; from anyone else the header is ignored.
  const proto = forwarded?.proto ?? (trusted.matcher.contains(peer) && request.headers["x-forwarded-proto"] === "https" ? "https" : "http");
  const host = forwarded ? forwarded.host : request.headers.host;
  const secure = usesSecureCookies(proto);
  Object.assign(context, { clientIp, secure, userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null });
  for (const name of FORWARDING_HEADERS) delete request.headers[name];
  request.headers[CLIENT_IP_HEADER] = clientIp;
  request.headers["x-forwarded-for"] = clientIp;
  request.headers["x-forwarded-proto"] = proto;
  request.headers[INTERNAL_FORWARD_HEADER] = internalForwardHeaderValue(internalTokens);
  // Next compares a server action's Origin with this; without it Next would put its own
  // bind address here and refuse actions sent to another host name.
  if (host) request.headers["x-forwarded-host"] = host;
  if (!forwarded) {
    // Security headers; a server action request Next would answer with a 500 gets its 4xx
    // here (a request Next makes to itself was screened when it first came in).
    const screened = await screenRequest(request, response, { https: proto === "https" });
    if (!screened) return;
    request = screened;
  }

  const decision = await gate.check({ cookieHeader: request.headers.cookie, clientIp, secure });
  // The request's log lines name the session's organisation from here on.
  if (decision.organisationId) context.organisationId = decision.organisationId;
  if (decision.clearCookies.length) appendSetCookies(response, decision.clearCookies);
  if (decision.kind === "bad-cookie") {
    response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    response.end("Bad request: the session cookie is malformed. It has been cleared; reload the page and log in again.\n");
    return;
  }
  if (decision.kind === "deny") {
    const denied = accessDeniedResponse({ clientIp, organisationName: decision.organisationName, accept: request.headers.accept });
    response.writeHead(403, denied.headers).end(denied.body);
    return;
  }
  // Next and Auth.js see exactly the session the gate attributed, under its one name.
  if (decision.cookieHeader) request.headers.cookie = decision.cookieHeader;
  else delete request.headers.cookie;
  // A page, route handler or action that met the database unavailable: 503, not Next's 500 or a
  // redirect to the login page, and no session cookie cleared.
  answerUnavailableInsteadOfFailure(request, response, context);
  await handle(request, response);
}

const httpServer = http
  .createServer((request, response) => {
    const started = performance.now();
    requests.track(response);
    const context: RequestContext = { requestId: crypto.randomUUID(), clientIp: "", secure: false, userAgent: null, method: request.method };
    response.setHeader("X-Request-Id", context.requestId!);
    const path = (request.url ?? "/").split("?", 1)[0]!;
    const kind = routeKindOf(request.method, path, request.headers);
    response.once("finish", () =>
      logRequest({ context, kind, path, statusCode: response.statusCode, seconds: (performance.now() - started) / 1000 }),
    );
    runWithRequestContext(context, () => serve(request, response, context)).catch((error: unknown) => {
      const unavailable = isDatabaseUnavailable(error);
      runWithRequestContext(context, () =>
        unavailable ? log.warn({ error }, "request failed: the database is unavailable") : log.error({ error }, "request failed"),
      );
      if (response.headersSent) return;
      if (unavailable) writeUnavailable(response, request);
      else response.writeHead(500, { "Content-Type": "text/plain" }).end("Internal error\n");
    });
  })
  .listen(port, hostname, () => {
    log.info({ port, mode: dev ? "development" : "production" }, `Twofold is running at http://localhost:${port}`);
  });

// Stop gracefully (and let `node --cpu-prof` write its profile) on the usual signals; a
// repeated signal (the primary forwarding one the worker also got) changes nothing: the
// shutdown marks the process stopping before anything else.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (operations.shuttingDown) return;
    shutDownGracefully({
      server: httpServer,
      requests,
      state: operations,
      timeoutMs: shutdownTimeout,
      delayMs: shutdownDelay,
      stopBackground: () => stopRegisteredTasks(operations, (task, error) => log.error({ task, error }, "could not stop cleanly")),
      stopServing: () => gate.stop(),
      disconnect: () => db.$disconnect(),
      log: (fields, message) => log.info({ signal, ...fields }, message),
    })
      .catch((error: unknown) => log.error({ error }, "shutdown failed"))
      .finally(() => process.exit(0));
  });
}
