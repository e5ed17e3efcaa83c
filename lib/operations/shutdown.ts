// Graceful shutdown of one app process (server.ts, on SIGTERM or SIGINT): /readyz answers 503
// at once, the server stops accepting, requests in progress finish (up to the timeout), idle
// keep-alive connections close, then the background work stops and the database disconnects.
// Plain Node: server.ts loads it.
import type http from "node:http";
import type { OperationsState } from "./process-state";

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** How long the mail sender may take to finish the emails it is sending before it gives back the rest. */
export const BACKGROUND_STOP_WAIT_MS = 5_000;

/**
 * SHUTDOWN_DELAY_MS (default 0): how long a stopping process keeps accepting requests, with
 * /readyz already answering 503, before it closes its port, for a load balancer that takes an
 * instance out only after its readiness check failed (set it to that check's interval × its
 * failure threshold). Requests arriving meanwhile are served, not refused.
 */
export function shutdownDelayMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.SHUTDOWN_DELAY_MS);
  return Number.isFinite(value) && value >= 0 && env.SHUTDOWN_DELAY_MS?.trim() ? value : 0;
}

/** SHUTDOWN_TIMEOUT_MS: how long requests in progress may take to finish (default 10 s). */
export function shutdownTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.SHUTDOWN_TIMEOUT_MS);
  return Number.isFinite(value) && value >= 0 && env.SHUTDOWN_TIMEOUT_MS?.trim() ? value : DEFAULT_SHUTDOWN_TIMEOUT_MS;
}

/** The requests a server is answering; call `track` first thing in the request handler. */
export function createRequestTracker(state: Pick<OperationsState, "shuttingDown">) {
  const open = new Set<http.ServerResponse>();
  const waiters = new Set<() => void>();
  return {
    track(response: http.ServerResponse) {
      // During the drain a keep-alive client is told to take its next request elsewhere.
      if (state.shuttingDown) response.setHeader("Connection", "close");
      open.add(response);
      response.once("close", () => {
        open.delete(response);
        if (!open.size) for (const wake of waiters) wake();
      });
    },
    get inFlight() {
      return open.size;
    },
    /** Asks every response still to be written to close its connection afterwards. */
    closeAfterResponses() {
      for (const response of open) if (!response.headersSent) response.setHeader("Connection", "close");
    },
    /** Resolves true when no request is in progress, or false after `timeoutMs`. */
    idle(timeoutMs: number): Promise<boolean> {
      if (!open.size) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (drained: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(drained);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      });
    },
  };
}

export type RequestTracker = ReturnType<typeof createRequestTracker>;

export interface ShutdownDeps {
  server: http.Server;
  requests: RequestTracker;
  state: Pick<OperationsState, "shuttingDown">;
  timeoutMs: number;
  /** Before the port closes: /readyz says 503 while requests are still served (SHUTDOWN_DELAY_MS). */
  delayMs?: number;
  /** Started with the drain: background work that should stop taking new work at once (the mail sender). */
  stopBackground: () => Promise<void>;
  /** After the drain: what requests needed (the Access List gate). */
  stopServing: () => Promise<void> | void;
  disconnect: () => Promise<void>;
  log: (fields: Record<string, unknown>, message: string) => void;
}

/** Runs the whole sequence; resolves when the process may exit. */
export async function shutDownGracefully(deps: ShutdownDeps): Promise<{ drained: boolean }> {
  const started = Date.now();
  deps.state.shuttingDown = true;
  deps.log({ inFlight: deps.requests.inFlight, timeoutMs: deps.timeoutMs }, "shutting down: finishing requests in progress");
  if (deps.delayMs) {
    deps.log({ delayMs: deps.delayMs }, "shutting down: /readyz answers 503, still serving until the load balancer notices");
    await new Promise((resolve) => setTimeout(resolve, deps.delayMs));
  }
  const background = deps.stopBackground();
  deps.requests.closeAfterResponses();
  deps.server.close();
  deps.server.closeIdleConnections();
  const drained = await deps.requests.idle(deps.timeoutMs);
  // Whatever is left after the timeout is cut off.
  deps.server.closeAllConnections();
  if (!drained) deps.log({ cutOff: deps.requests.inFlight }, "shutdown timeout: closing the requests still in progress");
  await deps.stopServing();
  await background;
  await deps.disconnect();
  deps.log({ drained, ms: Date.now() - started }, "shut down");
  return { drained };
}
