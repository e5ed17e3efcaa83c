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

export function createDb(url: string = databaseUrl()): Db {
  const adapter = createAdapterFactory(url);
  return databaseKind(url) === "postgresql"
    ? (new PostgresPrismaClient({ adapter }) as unknown as Db)
    : new PrismaClient({ adapter });
}

// One client per process: Next's dev server reloads modules, globalThis survives.
const globalForDb = globalThis as unknown as { twofoldDb?: Db };

export const db: Db = globalForDb.twofoldDb ?? createDb();
if (process.env.NODE_ENV !== "production") globalForDb.twofoldDb = db;

/** Which database this process talks to: queries differ in case-sensitivity and NULL order. */
export const databaseInUse = databaseKind(databaseUrl());
