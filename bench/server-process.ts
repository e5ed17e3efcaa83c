// Starts the production server (server.ts) on a given database for a benchmark, and stops it.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

export interface RunningServer {
  url: string;
  env: NodeJS.ProcessEnv;
  /** CPU seconds (user + system) the server and its worker processes have used so far (Linux; 0 elsewhere). */
  cpuSeconds: () => number;
  stop: () => Promise<void>;
}

/** CPU seconds of a process and all its descendants, from /proc. */
function treeCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15 (clock ticks, 100 a second).
    const own = (Number(fields[11]) + Number(fields[12])) / 100;
    const children = fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    return own + children.reduce((sum, child) => sum + treeCpuSeconds(child), 0);
  } catch {
    return 0;
  }
}

export function benchSecrets() {
  return {
    AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    TWOFOLD_ENCRYPTION_KEY: `bench:${crypto.randomBytes(32).toString("base64")}`,
  };
}

export async function startServer(options: {
  databaseUrl: string;
  port: number;
  secrets: ReturnType<typeof benchSecrets>;
  workers?: number;
}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.secrets,
    DATABASE_URL: options.databaseUrl,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the server (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROFILE] : [];
  const args = ["--import", "tsx", "server.ts", "--port", String(options.port), "--hostname", "127.0.0.1", "--workers", String(options.workers ?? 1)];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    env,
    cpuSeconds: () => (child.pid ? treeCpuSeconds(child.pid) : 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
