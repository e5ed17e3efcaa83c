// /healthz and /readyz against a real database: what a load balancer or an orchestrator sees.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { PROVIDER_PATHS } from "../../prisma/provider-schemas";
import {
  answerHealthRequest,
  createReadinessCheck,
  databaseReachable,
  migrationsApplied,
  outboxSenderAlive,
  type Readiness,
  type ReadinessDeps,
} from "./health";
import type { OperationsState } from "./process-state";

let test: TestDatabase;
let migrationsDir: string;

beforeAll(async () => {
  test = await createTestDatabase();
  migrationsDir = PROVIDER_PATHS[test.db.dialect].migrationsDir;
  // A client connects on its first query (slow for PostgreSQL on a busy machine), not on a probe.
  await test.db.$queryRawUnsafe("SELECT 1");
});
afterAll(() => test.dispose());

const running = (beatAgoMs: number, now = 1_000_000): OperationsState["outboxSender"] => ({
  kind: "running",
  intervalMs: 2000,
  lastBeatAt: () => now - beatAgoMs,
});

describe("the checks", () => {
  it("finds the database reachable, and an unreachable or silent one not, within the timeout", async () => {
    expect(await databaseReachable(test.db)).toBe(true);
    const missing = createDb(`file:${path.join(os.tmpdir(), "twofold-no-such-dir", "x.db")}`);
    expect(await databaseReachable(missing)).toBe(false);
    await missing.$disconnect();
    // A server that accepts the connection and never answers: the check gives up on time.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket)).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const hanging = createDb(`postgresql://nobody@127.0.0.1:${(silent.address() as net.AddressInfo).port}/none`);
    const started = Date.now();
    expect(await databaseReachable(hanging, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const socket of sockets) socket.destroy();
    silent.close();
    await hanging.$disconnect().catch(() => {});
  });

  it("counts migrations applied only when every shipped folder is recorded finished", async () => {
    expect(await migrationsApplied(test.db, migrationsDir)).toBe(true);
    // A build with one more migration than the database has seen.
    const newer = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-migrations-"));
    for (const name of fs.readdirSync(migrationsDir)) fs.cpSync(path.join(migrationsDir, name), path.join(newer, name), { recursive: true });
    fs.mkdirSync(path.join(newer, "29991231000000_not_yet"));
    try {
      expect(await migrationsApplied(test.db, newer)).toBe(false);
    } finally {
      fs.rmSync(newer, { recursive: true, force: true });
    }
    // A database that was never migrated.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-empty-"));
    const empty = createDb(`file:${path.join(dir, "empty.db")}`);
    try {
      if (test.db.dialect === "sqlite") expect(await migrationsApplied(empty, migrationsDir)).toBe(false);
    } finally {
      await empty.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the outbox sender as alive when it beat recently, or when it is off by design", () => {
    const now = 1_000_000;
    expect(outboxSenderAlive({ outboxSender: { kind: "off" } }, now)).toBe(true);
    expect(outboxSenderAlive({ outboxSender: null }, now)).toBe(false);
    expect(outboxSenderAlive({ outboxSender: running(2_000, now) }, now)).toBe(true);
    expect(outboxSenderAlive({ outboxSender: running(61_000, now) }, now)).toBe(false);
  });
});

describe("readiness", () => {
  const deps = (state: ReadinessDeps["state"]): ReadinessDeps => ({ db: test.db, migrationsDir, state, now: () => 1_000_000, cacheMs: 0 });

  it("is ok when every check passes, unavailable when one fails, and stopping at once during shutdown", async () => {
    const state = { shuttingDown: false, outboxSender: running(1000) };
    const ready = createReadinessCheck(deps(state));
    expect(await ready()).toEqual({ status: "ok", checks: { database: true, migrations: true, outbox: true } });
    state.outboxSender = running(120_000);
    expect(await ready()).toEqual({ status: "unavailable", checks: { database: true, migrations: true, outbox: false } });
    state.shuttingDown = true;
    expect(await ready()).toEqual({ status: "stopping" });
  });

  it("keeps a positive migrations answer instead of asking on every probe", async () => {
    const queries: string[] = [];
    const counted = { $queryRawUnsafe: ((sql: string) => (queries.push(sql), test.db.$queryRawUnsafe(sql))) as typeof test.db.$queryRawUnsafe };
    const ready = createReadinessCheck({ ...deps({ shuttingDown: false, outboxSender: { kind: "off" } }), db: counted });
    await ready();
    await ready();
    expect(queries.filter((sql) => sql.includes("_prisma_migrations"))).toHaveLength(1);
    expect(queries.filter((sql) => sql === "SELECT 1")).toHaveLength(2);
  });

  it("answers a flood of probes with one database query a second: parallel probes share one check, later ones its answer", async () => {
    const queries: string[] = [];
    const counted = { $queryRawUnsafe: ((sql: string) => (queries.push(sql), test.db.$queryRawUnsafe(sql))) as typeof test.db.$queryRawUnsafe };
    let clock = 5_000_000;
    const state = { shuttingDown: false, outboxSender: { kind: "off" } as const };
    const ready = createReadinessCheck({ db: counted, migrationsDir, state, now: () => clock });
    const answers = await Promise.all(Array.from({ length: 50 }, () => ready()));
    expect(answers.every((answer) => answer.status === "ok")).toBe(true);
    clock += 999;
    await ready();
    expect(queries.filter((sql) => sql === "SELECT 1")).toHaveLength(1);
    clock += 1;
    await ready();
    expect(queries.filter((sql) => sql === "SELECT 1")).toHaveLength(2);
    state.shuttingDown = true;
    expect(await ready()).toEqual({ status: "stopping" });
  });
});

describe("the endpoints", () => {
  let server: http.Server;
  let base: string;
  let readiness: () => Promise<Readiness>;
  let readinessCalls = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      void answerHealthRequest(request, response, () => (readinessCalls++, readiness())).then((answered) => {
        if (!answered) response.writeHead(418).end("the app");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers /healthz without the readiness checks, and /readyz with booleans only; both uncacheable", async () => {
    readiness = createReadinessCheck({ db: test.db, migrationsDir, state: { shuttingDown: false, outboxSender: { kind: "off" } } });
    readinessCalls = 0;
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe('{"status":"ok"}');
    expect(readinessCalls).toBe(0);
    expect(live.headers.get("cache-control")).toBe("no-store");

    const ready = await fetch(`${base}/readyz?probe=1`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ok", checks: { database: true, migrations: true, outbox: true } });

    readiness = async () => ({ status: "unavailable", checks: { database: false, migrations: false, outbox: true } });
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable", checks: { database: false, migrations: false, outbox: true } });
    readiness = async () => ({ status: "stopping" });
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });

  it("answers HEAD with the status and no body, refuses other methods, and leaves other paths to the app", async () => {
    readiness = async () => ({ status: "ok", checks: { database: true, migrations: true, outbox: true } });
    const head = await fetch(`${base}/readyz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${base}/healthz`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    for (const other of ["/healthz/x", "/readyzz", "/", "/api/healthz"]) expect((await fetch(`${base}${other}`)).status).toBe(418);
  });
});
