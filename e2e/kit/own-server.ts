// A production server of a spec's own, on a SQLite database of its own (a fresh temporary
// directory, migrated, with a few accounts), with the environment the
// spec chooses (e.g. WEB_CONCURRENCY, METRICS_PORT). For what the suite's two shared servers
// cannot show: process-level settings. Needs a production build in .next. Plain Node.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, serverEnv } from "./config-base";

export interface OwnServer {
  url: string;
  /** Everything the server printed (its log lines), for assertions and for the log scan. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Migrates a new SQLite file with `users` members (user1@own.test …, DEMO_PASSWORD, 2FA off:
 * e2e/kit/own-server-database.ts), starts `npm run start` on it, and waits until `/login` answers.
 */
export async function startOwnServer(options: {
  port: number;
  env?: Record<string, string>;
  users?: number;
  readyTimeoutMs?: number;
}): Promise<OwnServer> {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-own-server-"));
  const env = {
    ...process.env,
    ...serverEnv,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:${path.join(dir, "own.db")}`,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    TWOFOLD_ENCRYPTION_KEY: `own:${crypto.randomBytes(32).toString("base64")}`,
    APP_URL: `http://localhost:${options.port}`,
    SMTP_URL: "",
    ...options.env,
  };
  const prepared = spawnSync("npx", ["tsx", "--conditions=react-server", "e2e/kit/own-server-database.ts", "--users", String(options.users ?? 4)], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (prepared.status !== 0) throw new Error(`Preparing the database failed:\n${prepared.stdout}${prepared.stderr}`);
  let printed = "";
  const child: ChildProcess = spawn("npm", ["run", "--silent", "start", "--", "--port", String(options.port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true, // its own process group: stop() ends npm, tsx, the primary and the workers together
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const killed = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited (${child.exitCode}):\n${printed}`);
    }
    const ready = await fetch(`${url}/login`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer within the time:\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => printed, stop };
}
