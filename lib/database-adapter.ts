import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.split(":")[0]}:"`);
}

/**
 * The driver adapter for a DATABASE_URL. The app's Prisma client and the migrate
 * command both come through here, so a new database kind is added in one place.
 */
export function createAdapterFactory(url: string) {
  switch (databaseKind(url)) {
    case "sqlite":
      return new PrismaBetterSqlite3({ url });
    case "postgresql":
      return new PrismaPg({ connectionString: url });
  }
}
