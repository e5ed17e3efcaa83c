import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMetrics, LOGIN_OUTCOMES, OUTBOX_STATES, SECOND_FACTOR_METHODS, type DatabaseGaugeReader } from "./metrics";

// What an operator's dashboards and alerts depend on: the names, label sets and values in README's Metrics table.
const DOCUMENTED = [
  "twofold_logins_total",
  "twofold_second_factor_total",
  "twofold_http_request_duration_seconds",
  "twofold_outbox_send_failures_total",
  "twofold_outbox_emails",
  "twofold_active_sessions",
  "process_cpu_seconds_total",
  "process_resident_memory_bytes",
  "nodejs_eventloop_lag_seconds",
  "nodejs_heap_size_used_bytes",
];

const reader = (depth: { queued: number; failed: number }, sessions: number): DatabaseGaugeReader => ({
  outboxDepth: async () => depth,
  activeSessions: async () => sessions,
});

describe("the metrics exposition", () => {
  it("has every documented name, with the Node process defaults", async () => {
    const m = createMetrics();
    m.logins.inc({ outcome: "success" });
    m.secondFactor.inc({ method: "totp" });
    m.requestDuration.observe({ kind: "page", status: "2xx" }, 0.02);
    const text = await m.registry.metrics();
    for (const name of DOCUMENTED) expect(text).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
  });

  it("labels logins, second factors and the outbox with exactly the values README's Metrics table documents", () => {
    // Each value is a `code` span in its metric's row; what follows in parentheses explains it.
    const readme = fs.readFileSync(path.join(import.meta.dirname, "../../README.md"), "utf8");
    const documented = (metric: string) => {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${metric}\` |`));
      expect(row, `README documents ${metric}`).toBeDefined();
      const description = row!.split("|")[4]!.replace(/\([^)]*\)/g, "");
      return [...description.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]).sort();
    };
    expect(documented("twofold_logins_total")).toEqual([...LOGIN_OUTCOMES].sort());
    expect(documented("twofold_second_factor_total")).toEqual([...SECOND_FACTOR_METHODS].sort());
    expect(documented("twofold_outbox_emails")).toEqual([...OUTBOX_STATES].sort());
  });

  it("reads the database gauges when scraped, and keeps the last values when the database does not answer", async () => {
    const m = createMetrics({ defaults: false });
    m.databaseGauges = reader({ queued: 3, failed: 1 }, 7);
    let text = await m.registry.metrics();
    expect(text).toContain('twofold_outbox_emails{state="queued"} 3');
    expect(text).toContain('twofold_outbox_emails{state="failed"} 1');
    expect(text).toMatch(/^twofold_active_sessions 7$/m);
    m.databaseGauges = reader({ queued: 5, failed: 0 }, 8);
    expect(await m.registry.metrics()).toMatch(/^twofold_active_sessions 8$/m);
    m.databaseGauges = { outboxDepth: () => Promise.reject(new Error("down")), activeSessions: () => Promise.reject(new Error("down")) };
    text = await m.registry.metrics();
    expect(text).toContain('twofold_outbox_emails{state="queued"} 5');
    expect(text).toMatch(/^twofold_active_sessions 8$/m);
  });
});
