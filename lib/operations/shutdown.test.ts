// The shutdown sequence on a real HTTP server: a request in progress delays the close and
// gets its whole answer, the timeout bounds the wait, and idle keep-alive connections do not.
import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRequestTracker, shutDownGracefully, shutdownDelayMs, shutdownTimeoutMs, type ShutdownDeps } from "./shutdown";

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server whose /slow requests wait until `release()`; records the shutdown's steps. */
async function slowServer() {
  const state = { shuttingDown: false };
  const requests = createRequestTracker(state);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const started = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer((request, response) => {
    requests.track(response);
    if (request.url === "/slow") {
      arrived();
      void released.then(() => response.end("finished"));
    } else response.end("quick");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const steps: string[] = [];
  const deps = (timeoutMs: number): ShutdownDeps => ({
    server,
    requests,
    state,
    timeoutMs,
    stopBackground: async () => void steps.push("background"),
    stopServing: () => void steps.push("gate"),
    disconnect: async () => void steps.push("database"),
    log: () => {},
  });
  return { state, requests, port, release, started, steps, deps };
}

function get(port: number, path: string, agent?: http.Agent) {
  return new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, body, connection: response.headers.connection }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("graceful shutdown", () => {
  it("marks the process stopping at once, waits for the request in progress, then stops the rest in order", async () => {
    const s = await slowServer();
    const answer = get(s.port, "/slow");
    await s.started;
    let done = false;
    const shutdown = shutDownGracefully(s.deps(10_000)).then((result) => ((done = true), result));
    expect(s.state.shuttingDown).toBe(true);
    // New connections are refused while the old request runs.
    await expect(get(s.port, "/quick")).rejects.toThrow(/ECONNREFUSED/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    expect(s.steps).toEqual(["background"]);
    s.release();
    expect(await answer).toEqual({ status: 200, body: "finished", connection: "close" });
    expect(await shutdown).toEqual({ drained: true });
    expect(s.steps).toEqual(["background", "gate", "database"]);
  });

  it("cuts off a request that outlasts the timeout, and still stops everything", async () => {
    const s = await slowServer();
    const answer = get(s.port, "/slow");
    await s.started;
    const started = Date.now();
    expect(await shutDownGracefully(s.deps(300))).toEqual({ drained: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(answer).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(s.steps).toEqual(["background", "gate", "database"]);
  });

  it("does not wait for idle keep-alive connections", async () => {
    const s = await slowServer();
    const agent = new http.Agent({ keepAlive: true });
    expect((await get(s.port, "/quick", agent)).body).toBe("quick");
    const closed = new Promise((resolve) => s.deps(0).server.once("close", resolve));
    const started = Date.now();
    expect(await shutDownGracefully(s.deps(10_000))).toEqual({ drained: true });
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });

  it("with a delay, is marked stopping at once but serves new requests until the delay is over, then closes", async () => {
    const s = await slowServer();
    const shutdown = shutDownGracefully({ ...s.deps(10_000), delayMs: 400 });
    expect(s.deps(0).state.shuttingDown).toBe(true);
    expect((await get(s.port, "/quick")).body).toBe("quick");
    expect(await shutdown).toEqual({ drained: true });
    await expect(get(s.port, "/quick")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("reads SHUTDOWN_DELAY_MS, 0 unless set to a number", () => {
    expect(shutdownDelayMs({})).toBe(0);
    expect(shutdownDelayMs({ SHUTDOWN_DELAY_MS: "5000" })).toBe(5000);
    expect(shutdownDelayMs({ SHUTDOWN_DELAY_MS: "-1" })).toBe(0);
  });

  it("reads SHUTDOWN_TIMEOUT_MS, 10 s unless set to a number", () => {
    expect(shutdownTimeoutMs({})).toBe(10_000);
    expect(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_MS: "2500" })).toBe(2500);
    expect(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_MS: "soon" })).toBe(10_000);
    expect(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_MS: "" })).toBe(10_000);
  });
});
