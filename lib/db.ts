import type { UnwrapTuple } from "@prisma/client/runtime/client";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { createAdapterFactory, databaseKind, type DatabaseKind } from "@/lib/database-adapter";
import { databaseUrl } from "@/lib/env";
import { log } from "@/lib/observability/log";

/** Which database a handle talks to: queries differ in case-sensitivity, NULL order and placeholders. */
interface Dialect {
  readonly dialect: DatabaseKind;
}

type TransactionOptions = { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/** A client or the client of an interactive transaction; both carry their dialect. */
export type DbOrTransaction = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"> & Dialect;

/**
 * The app's database client. Both generated clients (SQLite and PostgreSQL) come from the
 * same models and have the same API; callers see one type, and ask `dialect` where SQL differs.
 */
export type Db = Omit<PrismaClient, "$transaction"> &
  Dialect & {
    $transaction<P extends Prisma.PrismaPromise<unknown>[]>(arg: [...P], options?: TransactionOptions): Promise<UnwrapTuple<P>>;
    $transaction<R>(fn: (tx: DbOrTransaction) => Promise<R>, options?: TransactionOptions): Promise<R>;
  };

/** A `contains` that ignores case on both databases (SQLite's LIKE already does, for ASCII). */
export function containsIgnoringCase(db: Dialect, text: string) {
  return db.dialect === "postgresql" ? { contains: text, mode: "insensitive" as const } : { contains: text };
}

/**
 * The dialect is a read-only property of the client itself. Prisma's transaction client is a
 * proxy over the client it came from, so `tx.dialect` reads the same value (lib/db.test.ts).
 */
function withDialect(client: object, dialect: DatabaseKind): Db {
  Object.defineProperty(client, "dialect", { value: dialect, enumerable: false, writable: false, configurable: false });
  return client as unknown as Db;
}

// A transaction waits its turn (SQLite runs one at a time per process, behind the adapter's
// mutex) for up to 10 s under load instead of Prisma's 2 s default, which failed a bulk action
// on a busy CI run; each stays short, so the wait is a queue, not a stall.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export function createDb(url: string = databaseUrl(), options: { onQuery?: (sql: string) => void } = {}): Db {
  const adapter = createAdapterFactory(url, {
    onConnectionError: (error) => log.warn({ error }, "database connection lost (the pool replaces it)"),
  });
  const queryLog = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresPrismaClient({ adapter, log: queryLog, transactionOptions: TRANSACTION_OPTIONS });
    if (options.onQuery) client.$on("query" as never, (event: { query: string }) => options.onQuery!(event.query));
    return withDialect(client, "postgresql");
  }
  const client = new PrismaClient({ adapter, log: queryLog, transactionOptions: TRANSACTION_OPTIONS });
  if (options.onQuery) client.$on("query" as never, (event: { query: string }) => options.onQuery!(event.query));
  // With the write-ahead log (set by the migrate command), NORMAL syncs at checkpoints
  // instead of on every commit: no corruption risk, and better-sqlite3 (synchronous) no
  // longer blocks the event loop on an fsync per write. A power cut may lose the last
  // commits; PostgreSQL is the answer where that matters.
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => {});
  return withDialect(client, "sqlite");
}

// One client per process: Next's dev server reloads modules, and in production server.ts and
// Next's bundle each load this module; globalThis survives both, so one $disconnect closes it.
const globalForDb = globalThis as unknown as { twofoldDb?: Db };

export const db: Db = (globalForDb.twofoldDb ??= createDb());
