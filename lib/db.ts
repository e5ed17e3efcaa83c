import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { createAdapterFactory, databaseKind } from "@/lib/database-adapter";
import { databaseUrl } from "@/lib/env";

/**
 * The app's database client. Both generated clients (SQLite and PostgreSQL) come from the
 * same models and have the same API; callers see one type and never know which it is.
 */
export type Db = PrismaClient;
/** A client or the client of an interactive transaction. */
export type DbOrTransaction = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url: string = databaseUrl(), options: { onQuery?: (sql: string) => void } = {}): Db {
  const adapter = createAdapterFactory(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresPrismaClient({ adapter, log });
    if (options.onQuery) client.$on("query" as never, (event: { query: string }) => options.onQuery!(event.query));
    return client as unknown as Db;
  }
  const client = new PrismaClient({ adapter, log });
  if (options.onQuery) client.$on("query" as never, (event: { query: string }) => options.onQuery!(event.query));
  // With the write-ahead log (set by the migrate command), NORMAL syncs at checkpoints
  // instead of on every commit: no corruption risk, and better-sqlite3 (synchronous) no
  // longer blocks the event loop on an fsync per write. A power cut may lose the last
  // commits; PostgreSQL is the answer where that matters.
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => {});
  return client;
}

// One client per process: Next's dev server reloads modules, globalThis survives.
const globalForDb = globalThis as unknown as { twofoldDb?: Db };

export const db: Db = globalForDb.twofoldDb ?? createDb();
if (process.env.NODE_ENV !== "production") globalForDb.twofoldDb = db;

/** Which database this process talks to: queries differ in case-sensitivity and NULL order. */
export const databaseInUse = databaseKind(databaseUrl());
