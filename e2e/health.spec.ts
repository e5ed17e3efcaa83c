import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "./kit/fixtures";
import { ACME_MEMBER, DEMO_PASSWORD } from "./kit/accounts";
import { root, serverEnv } from "./kit/config-base";
import { requestFrom } from "./kit/network";
import { AccessListPanel } from "./pages/access-list-panel";

// Local only: the first test chooses client addresses through the proxied server; the second
// starts (and stops) a server of its own on a copy of this run's SQLite database.

const READY = { status: "ok", checks: { database: true, migrations: true, outbox: true } };

test("health checks answer from an address the Access List refuses, and nothing else does", async ({ org, newPage, db }) => {
  const admin = await newPage({ as: org.admin, clientIp: "198.51.100.20" });
  await admin.goto("/admin/login-and-2fa");
  await new AccessListPanel(admin).allowOnly([["198.51.100.20", "Admin desk"]]);
  await expect.poll(async () => (await db.organisation.findUniqueOrThrow({ where: { slug: org.slug } })).accessListEnabled).toBe(true);

  // The admin's own session, from outside the list.
  const outside = await newPage({ clientIp: "192.0.2.77", storageState: await admin.context().storageState() });
  expect((await outside.request.get("/dashboard")).status()).toBe(403);
  for (const [path, body] of [
    ["/healthz", { status: "ok" }],
    ["/readyz", READY],
  ] as const) {
    const response = await outside.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(await response.json()).toEqual(body);
    expect((await outside.request.head(path)).status()).toBe(200);
  }
  // Without a session, from another peer address of the suite's own server: the same answers.
  expect(await requestFrom("127.0.0.3", `${process.env.E2E_BASE_URL}/healthz`)).toEqual({ status: 200, body: '{"status":"ok"}' });
  expect(await requestFrom("127.0.0.3", `${process.env.E2E_BASE_URL}/readyz`)).toEqual({ status: 200, body: JSON.stringify(READY) });
});

test("on SIGTERM a server answers the requests it accepted, refuses new ones, and exits 0", async () => {
  test.slow(); // a server of its own: a production start takes seconds on a busy machine
  const server = await startOwnServer();
  try {
    await test.step("ready", async () => expect(await getJson(server.url, "/readyz")).toEqual({ status: 200, body: READY }));

    // Logins the server has begun (it answered their headers; half the body is in) when the signal comes.
    const body = new URLSearchParams({ step: "password", email: ACME_MEMBER, password: DEMO_PASSWORD }).toString();
    const logins = await test.step("logins begun", () => Promise.all(Array.from({ length: 3 }, () => startSlowPost(server.url, "/api/login", body))));

    const signalled = Date.now();
    server.process.kill("SIGTERM");
    await expect
      .poll(async () => {
        const answer = await getJson(server.url, "/readyz").catch((error: NodeJS.ErrnoException) => error.code);
        return answer === "ECONNREFUSED" || (typeof answer === "object" && answer.status === 503);
      })
      .toBe(true);

    for (const login of logins) login.finish();
    const answers = await test.step("logins answered", () => Promise.all(logins.map((login) => login.answer)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
    }
    const exitCode = await server.exited;
    expect(exitCode).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(server.output()).toContain("shut down");
  } finally {
    server.stop();
    await test.info().attach("server output", { body: server.output(), contentType: "text/plain" });
  }
});

/** A production server of this test's own, on a consistent copy of the run's SQLite database, without SMTP. */
async function startOwnServer() {
  const source = process.env.DATABASE_URL ?? "";
  test.skip(!source.startsWith("file:"), "needs the local SQLite run database");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-health-"));
  const file = path.join(dir, "copy.db");
  const reader = new Database(source.slice("file:".length), { readonly: true });
  reader.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  reader.close();
  // Past the suite's own ports (E2E_PORT, +1, +5 for SMTP); one per worker running at the same time.
  const port = Number(process.env.E2E_PORT ?? 3210) + 8 + test.info().parallelIndex;
  const url = `http://localhost:${port}`;
  // As `npm start` runs it: one node process (tsx's own CLI would stand between it and the signal).
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...serverEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: `file:${file}`,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      TWOFOLD_ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY,
      APP_URL: url,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await expect
      .poll(async () => (child.exitCode === null ? (await getJson(url, "/healthz").catch(() => null))?.status : "exited"), { timeout: 90_000 })
      .toBe(200);
  } catch (error) {
    stop();
    throw new Error(`The server did not start:\n${output.slice(-2000)}`, { cause: error });
  }
  return { url, process: child as ChildProcess, exited, output: () => output, stop };
}

function getJson(base: string, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { agent: false }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, body: JSON.parse(text) as unknown }));
      })
      .on("error", reject);
  });
}

/**
 * A form POST the server has begun: its headers are sent with Expect: 100-continue, and once
 * the server has read them (it answers 100 Continue) half the body follows; the rest on `finish()`.
 */
function startSlowPost(base: string, path: string, body: string) {
  const { origin } = new URL(base);
  const request = http.request(`${base}${path}`, {
    method: "POST",
    agent: false,
    headers: {
      Expect: "100-continue",
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": Buffer.byteLength(body),
      Accept: "application/json",
      Origin: origin,
    },
  });
  request.flushHeaders();
  const half = Math.floor(body.length / 2);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: text }));
    });
    request.on("error", reject);
  });
  // Handled here too, so a refused login fails the test at its await, not as an unhandled rejection.
  answer.catch(() => {});
  return new Promise<{ answer: typeof answer; finish: () => void }>((resolve, reject) => {
    request.once("error", reject);
    request.once("continue", () => {
      request.write(body.slice(0, half));
      resolve({ answer, finish: () => request.end(body.slice(half)) });
    });
  });
}
