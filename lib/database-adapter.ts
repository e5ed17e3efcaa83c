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
      return beginningImmediately(new PrismaBetterSqlite3({ url }));
    case "postgresql":
      return new PrismaPg({ connectionString: url });
  }
}

type StatementSource = { prepare(sql: string): unknown };

/**
 * The SQLite adapter opens every transaction with a plain (deferred) `BEGIN`: it reads under a
 * snapshot and asks for the write lock only at its first write. If another process (a second
 * worker, the operator command, a test fixture) committed in between, that upgrade fails at once
 * with SQLITE_BUSY, whatever the busy timeout, and the user's action fails ("Operation has timed
 * out"). `BEGIN IMMEDIATE` takes the write lock up front, so a transaction waits its turn (up to
 * better-sqlite3's 5 s busy timeout) instead. The adapter has no option for it, so its connection's
 * `prepare` turns exactly that statement into the immediate form; nothing else is touched.
 */
function beginningImmediately(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client?: StatementSource }).client;
    if (!client || typeof client.prepare !== "function")
      throw new Error("The SQLite adapter no longer exposes its connection; check beginningImmediately()");
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  };
  return factory;
}
