import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "./metrics";
import { metricsConfigFrom, processMetrics, startMetricsServer } from "./metrics-server";

describe("METRICS_PORT", () => {
  it("is off when unset, and listens on 127.0.0.1 unless METRICS_HOST says otherwise", () => {
    expect(metricsConfigFrom({}, 3000)).toEqual({ ok: true, config: null });
    expect(metricsConfigFrom({ METRICS_PORT: " " }, 3000)).toEqual({ ok: true, config: null });
    expect(metricsConfigFrom({ METRICS_PORT: "9100" }, 3000)).toEqual({ ok: true, config: { port: 9100, host: "127.0.0.1" } });
    expect(metricsConfigFrom({ METRICS_PORT: "9100", METRICS_HOST: "0.0.0.0" }, 3000)).toEqual({ ok: true, config: { port: 9100, host: "0.0.0.0" } });
  });

  it.each(["abc", "0", "65536", "-1", "9100.5", "9100x", "1e4"])("refuses %s", (value) => {
    const result = metricsConfigFrom({ METRICS_PORT: value }, 3000);
    expect(result).toMatchObject({ ok: false });
  });

  it("refuses the public port: metrics are never public", () => {
    expect(metricsConfigFrom({ METRICS_PORT: "3000" }, 3000)).toEqual({
      ok: false,
      problems: [expect.stringContaining("must differ from the public port")],
    });
  });
});

describe("the metrics server", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("answers GET /metrics in Prometheus text format, and 404 for any other path", async () => {
    const m = createMetrics({ defaults: false });
    m.logins.inc({ outcome: "wrong_password" }, 2);
    server = await startMetricsServer({ port: 0, host: "127.0.0.1" }, processMetrics(m.registry));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const scraped = await fetch(`${base}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await scraped.text()).toContain('twofold_logins_total{outcome="wrong_password"} 2');
    for (const path of ["/", "/metrics/", "/healthz", "/metricsx"]) expect((await fetch(`${base}${path}`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("answers 503 without details when collecting fails", async () => {
    const logged: string[] = [];
    server = await startMetricsServer(
      { port: 0, host: "127.0.0.1" },
      () => Promise.reject(new Error("worker timed out")),
      (line) => logged.push(line),
    );
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain("timed out");
    expect(logged).toEqual([expect.stringContaining("worker timed out")]);
  });
});
