import { execFile, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { newPassword, uniqueToken } from "../kit/accounts";
import { root, serverEnv } from "../kit/config-base";
import { operator } from "../kit/operator";

// PostgreSQL restarted in the middle of a login load: requests during the outage get the 503
// "Twofold is briefly unavailable" (never a 500), the app serves again within 5 s of the
// database accepting connections, and no backup code is used without its login completing
// (or the reverse). On a throwaway cluster this test starts itself (never the shared server),
// with one app server of its own.

const run = promisify(execFile);
const PG_BIN = "/usr/lib/postgresql/15/bin";
const PG_PORT = Number(process.env.E2E_FAULT_PG_PORT ?? 5499);
const APP_PORT = Number(process.env.E2E_FAULT_PORT ?? Number(process.env.E2E_PG_PORT ?? 3220) + 7);
const BASE = `http://127.0.0.1:${APP_PORT}`;
const LOOPS = 4;
const USERS_PER_LOOP = 2;
const RECOVERY_MS = 5000;

const skipReason =
  process.getuid?.() !== 0
    ? "the database fault test needs root (initdb and pg_ctl run as the postgres user through runuser)"
    : !fs.existsSync(`${PG_BIN}/initdb`)
      ? `the database fault test needs PostgreSQL 15's server binaries (${PG_BIN}/initdb: apt-get install postgresql-15)`
      : null;
test.skip(skipReason !== null, skipReason ?? "");

// Made by each run of the test (a repeated run gets a new one), removed in afterEach.
let dir = "";
let data = "";
const databaseUrl = `postgresql://postgres@127.0.0.1:${PG_PORT}/postgres`;
const encryptionKey = `e2e:${crypto.randomBytes(32).toString("base64")}`;
let server: ChildProcess | null = null;
const serverLog: string[] = [];

const asPostgres = (args: string[]) => run("runuser", ["-u", "postgres", "--", ...args]);
const pgCtl = (...args: string[]) =>
  asPostgres([`${PG_BIN}/pg_ctl`, "-D", data, "-o", `-p ${PG_PORT} -k ${dir}`, "-l", path.join(dir, "postgres.log"), "-w", ...args]);
const tsx = (args: string[]) =>
  run(path.join(root, "node_modules/.bin/tsx"), args, { cwd: root, env: { ...process.env, ...serverEnv, DATABASE_URL: databaseUrl } });

test.afterEach(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  if (!dir) return;
  if (fs.existsSync(path.join(data, "postmaster.pid"))) await pgCtl("-m", "immediate", "stop").catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
  dir = "";
});

interface Account {
  id: string;
  email: string;
  password: string;
  backupCodes: string[];
}

/** An organisation that asks for a second factor, with users enrolled in 2FA (an authenticator and ten backup codes each). */
async function createAccounts(count: number): Promise<Account[]> {
  const token = uniqueToken();
  const created = await operator<{ organisation: { slug: string } }>(
    [
      "org",
      "create",
      "--slug",
      `fault-${token}`,
      "--name",
      `Fault ${token}`,
      "--admin-email",
      `admin@${token}.test`,
      "--admin-name",
      "Admin",
      "--json",
    ],
    { stdin: newPassword(), databaseUrl },
  );
  const slug = created!.organisation.slug;
  await operator(["org", "policy", "--org", slug, "--login-method", "two-factor", "--reason", "fault test", "--json"], { databaseUrl });
  const { createDb } = await import("@/lib/db");
  const { keyringFromEnv } = await import("@/lib/crypto");
  const { beginEnrolment, confirmEnrolment } = await import("@/lib/two-factor/enrol");
  const db = createDb(databaseUrl);
  const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: encryptionKey });
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const password = newPassword();
        const user = await operator<{ id: string; email: string }>(
          ["users", "create", "--org", slug, "--email", `user${n}@${token}.test`, "--name", `User ${n}`, "--role", "member", "--json"],
          { stdin: password, databaseUrl },
        );
        const material = await beginEnrolment({ db, keyring, userId: user!.id, email: user!.email });
        const code = new TOTP({ secret: Secret.fromBase32(material.setupKey.replace(/\s+/g, "")), digits: 6, period: 30 }).generate();
        expect(await confirmEnrolment({ db, keyring, userId: user!.id, code, ip: "127.0.0.1", now: new Date() })).toEqual({ ok: true });
        return { id: user!.id, email: user!.email, password, backupCodes: material.backupCodes };
      }),
    );
  } finally {
    await db.$disconnect();
  }
}

interface Answer {
  step: "password" | "backup-code";
  sentAt: number;
  receivedAt: number;
  status: number;
  body: string;
}

/** One login step as the login form's script sends it; a connection failure counts as status 0. */
async function loginStep(
  fields: Record<string, string>,
  cookie: string | null,
  answers: Answer[],
): Promise<{ answer: Answer; cookie: string | null }> {
  const sentAt = Date.now();
  const headers: Record<string, string> = { Accept: "application/json", Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  let answer: Answer;
  let setCookie: string | null = null;
  try {
    const response = await fetch(`${BASE}/api/login`, { method: "POST", headers, body: new URLSearchParams(fields), redirect: "manual" });
    answer = { step: fields.step as Answer["step"], sentAt, status: response.status, body: await response.text(), receivedAt: Date.now() };
    setCookie = response.headers.getSetCookie().find((value) => value.startsWith("authjs.session-token=")) ?? null;
  } catch (error) {
    answer = { step: fields.step as Answer["step"], sentAt, status: 0, body: String(error), receivedAt: Date.now() };
  }
  answers.push(answer);
  return { answer, cookie: setCookie ? setCookie.split(";", 1)[0]! : cookie };
}

test("PostgreSQL restarted during a login load: 503s, no 500, back within 5 s, no half-used backup code", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const started = Date.now();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-fault-"));
  data = path.join(dir, "data");
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  fs.chownSync(dir, uid, uid);
  await asPostgres([`${PG_BIN}/initdb`, "-D", data, "-A", "trust", "-U", "postgres"]);
  await pgCtl("start");
  await tsx(["prisma/migrate.ts", "deploy"]);
  await tsx(["--conditions=react-server", "prisma/seed.ts"]);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...serverEnv,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    TWOFOLD_ENCRYPTION_KEY: encryptionKey,
    DATABASE_URL: databaseUrl,
  };
  delete env.SMTP_URL;
  delete env.APP_URL;
  server = spawn(path.join(root, "node_modules/.bin/tsx"), ["server.ts", "--port", String(APP_PORT), "--hostname", "127.0.0.1"], { cwd: root, env });
  server.stdout!.on("data", (chunk: Buffer) => serverLog.push(chunk.toString("utf8")));
  server.stderr!.on("data", (chunk: Buffer) => serverLog.push(chunk.toString("utf8")));
  const [signedIn, ...accounts] = await createAccounts(1 + LOOPS * USERS_PER_LOOP);
  await expect.poll(async () => (await fetch(`${BASE}/login`).catch(() => null))?.status ?? 0, { timeout: 60_000, intervals: [250] }).toBe(200);
  const setupSeconds = (Date.now() - started) / 1000;
  // A user signed in before the outage, who loads a page during it and after it.
  const signInAnswers: Answer[] = [];
  const passwordStep = await loginStep({ step: "password", email: signedIn!.email, password: signedIn!.password }, null, signInAnswers);
  const { cookie: sessionCookie } = await loginStep({ step: "backup-code", code: signedIn!.backupCodes[0]! }, passwordStep.cookie, signInAnswers);
  expect(signInAnswers.map((a) => a.status)).toEqual([200, 200]);
  const openDashboard = () => fetch(`${BASE}/dashboard`, { headers: { Accept: "text/html", Cookie: sessionCookie! }, redirect: "manual" });
  expect((await openDashboard()).status).toBe(200);
  // The same user in a browser, on a signed-in page when the database goes away.
  const equals = sessionCookie!.indexOf("=");
  const [name, value] = [sessionCookie!.slice(0, equals), sessionCookie!.slice(equals + 1)];
  await page.context().addCookies([{ name, value, url: BASE }]);
  await page.goto(`${BASE}/dashboard`);
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut).toBeVisible();

  // The load: each loop logs its users in again and again (password, then a fresh backup code).
  const answers: Answer[] = [];
  const tried = new Map<string, number>(); // user id -> backup codes tried
  let stopAt = Number.POSITIVE_INFINITY;
  async function loop(users: Account[]) {
    // Bounded by time and by count; after a refusal a short pause, as a person would take.
    for (let attempt = 0; attempt < 200 && Date.now() < stopAt; attempt++) {
      const user = users[attempt % users.length]!;
      const password = await loginStep({ step: "password", email: user.email, password: user.password }, null, answers);
      if (password.answer.status !== 200 || !password.cookie) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const code = user.backupCodes[tried.get(user.id) ?? 0];
      if (!code) continue;
      tried.set(user.id, (tried.get(user.id) ?? 0) + 1);
      await loginStep({ step: "backup-code", code }, password.cookie, answers);
    }
  }
  const load = Promise.all(Array.from({ length: LOOPS }, (_, n) => loop(accounts.slice(n * USERS_PER_LOOP, (n + 1) * USERS_PER_LOOP))));

  // The restart, in the middle of it: stop (ending every session), two seconds down, start.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const stoppedAt = Date.now();
  await pgCtl("-m", "fast", "stop");
  // The signed-in user's page during the outage: the 503 page, and their session is not ended.
  const duringOutage = await openDashboard();
  const duringOutageBody = await duringOutage.text();
  // Signing out cannot end the session now: the browser says so and keeps it, instead of
  // showing the login page as if it had worked; a reload shows the 503 page.
  await signOut.click();
  await expect(page.getByRole("alert").filter({ hasText: "You are still signed in: Twofold is briefly unavailable" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Twofold is briefly unavailable" })).toBeVisible();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 2000 - Date.now())));
  await pgCtl("start");
  const backAt = Date.now(); // pg_ctl -w returns once the server accepts connections
  stopAt = backAt + RECOVERY_MS + 3000;
  await load;

  testInfo.annotations.push({
    type: "timing",
    description: `setup ${setupSeconds}s; down ${(backAt - stoppedAt) / 1000}s; ${answers.length} answers; ${answers.filter((a) => a.status === 503).length} were 503`,
  });
  await testInfo.attach("server log", { body: serverLog.join(""), contentType: "text/plain" });
  const timeline = answers.map((a) => `${a.sentAt - backAt}..${a.receivedAt - backAt}ms ${a.step} ${a.status} ${a.body.slice(0, 60)}`).join("\n");
  await testInfo.attach("answers (ms from the database's return)", { body: timeline, contentType: "text/plain" });

  // Every answer is a normal one or the 503 with its message; the server never went away.
  const abnormal = answers.filter((a) => a.status !== 503 && (a.status === 0 || a.status >= 500));
  expect(abnormal, JSON.stringify(abnormal.slice(0, 3))).toEqual([]);
  const unavailable = answers.filter((a) => a.status === 503);
  expect(unavailable.length, "the outage was met by some requests").toBeGreaterThan(0);
  for (const answer of unavailable) {
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      error: "UNAVAILABLE",
      message: expect.stringContaining("Twofold is briefly unavailable"),
    });
  }
  // Back within 5 s: a request sent once the database accepted connections succeeded within
  // 5 s of that, nothing sent later was refused, and logins completed again.
  const back = answers.filter((a) => a.sentAt >= backAt);
  const firstSuccess = Math.min(...back.filter((a) => a.status === 200).map((a) => a.receivedAt));
  expect(firstSuccess - backAt, timeline.slice(0, 3000)).toBeLessThanOrEqual(RECOVERY_MS);
  expect(back.filter((a) => a.sentAt >= backAt + RECOVERY_MS && a.status === 503)).toEqual([]);
  expect(back.filter((a) => a.step === "backup-code" && a.status === 200).length, timeline.slice(0, 3000)).toBeGreaterThan(0);
  expect(server!.exitCode).toBeNull();
  expect({ status: duringOutage.status, location: duringOutage.headers.get("location") }).toEqual({ status: 503, location: null });
  expect(duringOutageBody).toContain("Twofold is briefly unavailable");
  expect(duringOutage.headers.getSetCookie().filter((value) => value.startsWith("authjs.session-token="))).toEqual([]);
  // Once the database is back, the same user is still signed in, in the browser too.
  expect((await openDashboard()).status).toBe(200);
  await page.goto(`${BASE}/dashboard`);
  await expect(signOut).toBeVisible();

  // No half-done state: per user, the backup codes used are exactly the logins completed with one.
  const { createDb } = await import("@/lib/db");
  const db = createDb(databaseUrl);
  try {
    for (const account of accounts) {
      const used = await db.backupCode.count({ where: { userId: account.id, usedAt: { not: null } } });
      const completed = await db.session.count({ where: { userId: account.id, secondFactor: "backup-code", completedAt: { not: null } } });
      expect({ user: account.email, used }).toEqual({ user: account.email, used: completed });
      expect(used).toBeLessThanOrEqual(tried.get(account.id) ?? 0);
    }
    const succeeded = answers.filter((a) => a.step === "backup-code" && a.status === 200).length;
    const completedTotal = await db.session.count({ where: { userId: { in: accounts.map((a) => a.id) }, completedAt: { not: null } } });
    expect(completedTotal).toBeGreaterThanOrEqual(succeeded);
  } finally {
    await db.$disconnect();
  }
});
