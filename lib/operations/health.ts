// /healthz and /readyz, answered by server.ts before the Access List gate and before Next:
// unauthenticated, so the bodies say nothing but ok/unavailable and one boolean per check
// (no versions, hostnames or error text). Plain Node: server.ts loads it.
import fs from "node:fs";
import type http from "node:http";
import type { Db } from "@/lib/db";
import type { OperationsState } from "./process-state";

export const HEALTH_PATHS = ["/healthz", "/readyz"] as const;
/** How long /readyz waits for `SELECT 1` before calling the database unreachable. */
export const DATABASE_CHECK_TIMEOUT_MS = 2000;
/**
 * The sender beats at every poll and after every email; one email may take a transport's
 * timeouts (15 s to connect, 30 s of silence), so a minute without a beat means it is stuck.
 */
export const OUTBOX_STALE_MS = 60_000;

export interface ReadinessChecks {
  database: boolean;
  migrations: boolean;
  outbox: boolean;
}

export type Readiness = { status: "ok" | "unavailable"; checks: ReadinessChecks } | { status: "stopping" };

/** True when `SELECT 1` answers within the timeout. */
export async function databaseReachable(db: Pick<Db, "$queryRawUnsafe">, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.$queryRawUnsafe("SELECT 1").then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The migration folders this build ships for the database's dialect (as prisma/migrate.ts applies them). */
export function shippedMigrations(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** True when every shipped migration is recorded as finished (and not rolled back) in `_prisma_migrations`. */
export async function migrationsApplied(db: Pick<Db, "$queryRawUnsafe">, migrationsDir: string): Promise<boolean> {
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return shippedMigrations(migrationsDir).every((name) => applied.has(name));
  } catch {
    // No _prisma_migrations table yet (never migrated), or the database is down.
    return false;
  }
}

/**
 * The outbox sender is alive when it beat recently. Without SMTP_URL it is off on purpose
 * (emails wait in the outbox until it is set): that is not a reason to take the instance out.
 */
export function outboxSenderAlive(state: Pick<OperationsState, "outboxSender">, now: number, staleMs = OUTBOX_STALE_MS): boolean {
  const sender = state.outboxSender;
  if (!sender) return false;
  if (sender.kind === "off") return true;
  return now - sender.lastBeatAt() <= Math.max(staleMs, 3 * sender.intervalMs);
}

export interface ReadinessDeps {
  db: Pick<Db, "$queryRawUnsafe">;
  migrationsDir: string;
  state: Pick<OperationsState, "shuttingDown" | "outboxSender">;
  now?: () => number;
  databaseTimeoutMs?: number;
  /** How long one answer serves every probe (default 1 s): anyone may call /readyz, the database sees one query a second at most. */
  cacheMs?: number;
}

/**
 * A readiness check; a positive migrations answer is kept (they do not un-apply while the
 * process runs). Probes that arrive while one is being checked share its answer, and an answer
 * serves for `cacheMs`, so a flood of /readyz cannot queue queries on the database's pool.
 */
export function createReadinessCheck(deps: ReadinessDeps): () => Promise<Readiness> {
  const now = deps.now ?? Date.now;
  const cacheMs = deps.cacheMs ?? 1000;
  const check = uncachedReadinessCheck(deps, now);
  let inFlight: Promise<Readiness> | null = null;
  let last: { at: number; result: Readiness } | null = null;
  return async () => {
    if (deps.state.shuttingDown) return { status: "stopping" };
    if (last && now() - last.at < cacheMs) return last.result;
    inFlight ??= check().finally(() => (inFlight = null));
    const result = await inFlight;
    last = { at: now(), result };
    return deps.state.shuttingDown ? { status: "stopping" } : result;
  };
}

function uncachedReadinessCheck(deps: ReadinessDeps, now: () => number): () => Promise<Readiness> {
  let migrated = false;
  return async () => {
    const database = await databaseReachable(deps.db, deps.databaseTimeoutMs);
    if (database && !migrated) migrated = await migrationsApplied(deps.db, deps.migrationsDir);
    const checks = { database, migrations: migrated, outbox: outboxSenderAlive(deps.state, now()) };
    // Shutdown may have begun while the checks ran.
    if (deps.state.shuttingDown) return { status: "stopping" };
    return { status: checks.database && checks.migrations && checks.outbox ? "ok" : "unavailable", checks };
  };
}

/**
 * Answers GET or HEAD /healthz and /readyz; returns false for any other path (the request goes
 * on to the gate and Next). /healthz never touches the database: the process answers, that is all.
 */
export async function answerHealthRequest(
  request: Pick<http.IncomingMessage, "method" | "url">,
  response: http.ServerResponse,
  readiness: () => Promise<Readiness>,
): Promise<boolean> {
  const path = (request.url ?? "/").split("?", 1)[0];
  if (path !== "/healthz" && path !== "/readyz") return false;
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end(JSON.stringify({ status: "method-not-allowed" }));
    return true;
  }
  const [status, body] = path === "/healthz" ? [200, { status: "ok" }] : await readinessAnswer(readiness);
  response.writeHead(status, headers);
  response.end(request.method === "HEAD" ? undefined : JSON.stringify(body));
  return true;
}

async function readinessAnswer(readiness: () => Promise<Readiness>): Promise<[number, Readiness]> {
  const result = await readiness();
  return [result.status === "ok" ? 200 : 503, result];
}
