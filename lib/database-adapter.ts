import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.split(":")[0]}:"`);
}

/** What the app wants to hear about a PostgreSQL connection's failures. */
export interface ConnectionHooks {
  /**
   * A pooled connection failed on its own (a restart killed it while idle or inside a
   * transaction). The pool has already dropped it; the next query opens a new one. (The
   * adapter listens for these 'error' events itself, so an unlistened one cannot end the
   * process; this is for the log.)
   */
  onConnectionError?: (error: Error) => void;
}

/** A connection attempt gives up after this long (node-postgres waits forever by default), so a vanished host fails fast instead of stalling requests and polls. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The driver adapter for a DATABASE_URL. The app's Prisma client and the migrate
 * command both come through here, so a new database kind is added in one place.
 */
export function createAdapterFactory(url: string, hooks: ConnectionHooks = {}) {
  switch (databaseKind(url)) {
    case "sqlite":
      return withReusedStatements(new PrismaBetterSqlite3({ url }));
    case "postgresql": {
      const onError = hooks.onConnectionError ?? (() => {});
      return new PrismaPg(
        { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
        { onPoolError: onError, onConnectionError: onError },
      );
    }
  }
}

/** The part of a better-sqlite3 statement the Prisma adapter uses: `prepare(sql).bind(args)`, then `run()`, or `reader`, `columns()` and `raw().all()`. */
interface Statement {
  readonly reader: boolean;
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  columns(): unknown[];
  raw(toggle?: boolean): Statement;
}
type Connection = { prepare(sql: string): Statement };

/** Distinct SQL texts kept prepared per connection; Prisma sends a few dozen shapes, IN lists of each length add more. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Two changes to how the SQLite adapter uses its connection, which it has no option for:
 *
 * - It opens every transaction with a plain (deferred) `BEGIN`: it reads under a snapshot and
 *   asks for the write lock only at its first write. If another process (a second worker,
 *   the operator command, a test fixture) committed in between, that upgrade fails at once
 *   with SQLITE_BUSY, whatever the busy timeout, and the user's action fails ("Operation has
 *   timed out"). `BEGIN IMMEDIATE` takes the write lock up front, so a transaction waits its
 *   turn (up to better-sqlite3's 5 s busy timeout) instead.
 * - It prepares every statement anew, and `bind()` fixes a statement's parameters for good.
 *   Compiling the SQL was about a tenth of a login's database time, for the same two dozen
 *   statements every time: each SQL text is now prepared once per connection, and `bind()`
 *   hands the parameters to each run instead of fixing them.
 */
function withReusedStatements(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client?: Connection }).client;
    if (!client || typeof client.prepare !== "function")
      throw new Error("The SQLite adapter no longer exposes its connection; check lib/database-adapter.ts");
    const prepare = client.prepare.bind(client);
    const prepared = new Map<string, Statement>();
    client.prepare = (sql: string) => {
      let statement = prepared.get(sql);
      if (statement) {
        // Most recently used last, so the oldest goes first when the cache is full.
        prepared.delete(sql);
      } else {
        statement = sql === "BEGIN" ? beginStatement(prepare) : prepare(sql);
        if (prepared.size >= STATEMENT_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
      }
      prepared.set(sql, statement);
      return reusable(statement);
    };
    return adapter;
  };
  return factory;
}

/**
 * `BEGIN IMMEDIATE`, or, when another connection held the write lock past the busy timeout,
 * a plain `BEGIN`. The adapter holds its transaction mutex while it begins and never
 * releases it if BEGIN throws: one busy moment would stop every later transaction of this
 * process. A deferred BEGIN cannot be busy; the transaction then meets the lock at its first
 * write, fails there, and is rolled back, which releases the mutex.
 */
function beginStatement(prepare: (sql: string) => Statement): Statement {
  const immediate = prepare("BEGIN IMMEDIATE");
  const deferred = prepare("BEGIN");
  return {
    reader: false,
    run() {
      try {
        return immediate.run();
      } catch (error) {
        if (!String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY")) throw error;
        return deferred.run();
      }
    },
    all: () => [],
    columns: () => [],
    raw() {
      return this;
    },
  };
}

/** A prepared statement whose `bind(args)` passes the parameters to the run it precedes, so the statement can run again. */
function reusable(statement: Statement): Statement & { bind(...params: unknown[]): Statement } {
  const bound = (params: unknown[]): Statement => ({
    reader: statement.reader,
    run: () => statement.run(...params),
    all: () => statement.all(...params),
    columns: () => statement.columns(),
    raw(toggle = true) {
      statement.raw(toggle);
      return bound(params);
    },
  });
  return Object.assign(bound([]), { bind: (...params: unknown[]) => bound(params) });
}
