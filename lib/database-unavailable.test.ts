import { CallbackRouteError } from "@auth/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createAdapterFactory } from "@/lib/database-adapter";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { runWithRequestContext, type RequestContext } from "@/lib/request-context";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { testDatabaseKind } from "@/lib/testing/test-database-kind";
import { isDatabaseUnavailable, noteDatabaseFailure } from "./database-unavailable";

// The errors are real: from a client whose server is not there (nothing listens on port 1),
// and, on PostgreSQL, from sessions the server itself ends (pg_terminate_backend sends the
// same 57P01 "terminating connection due to administrator command" as a stop or restart).
// The e2e fault test (e2e/multi-instance/database-restart.spec.ts) restarts a real server.

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the work to fail");
}

describe("isDatabaseUnavailable", () => {
  const nowhere = createDb("postgresql://postgres@127.0.0.1:1/nowhere");
  afterAll(() => nowhere.$disconnect());

  it("says yes to a server that is not there: queries, transactions, and Auth.js's wrapping of them", async () => {
    const query = await failureOf(() => nowhere.user.count());
    expect(query).toMatchObject({ code: "P1001" });
    expect(isDatabaseUnavailable(query)).toBe(true);
    expect(isDatabaseUnavailable(await failureOf(() => nowhere.$transaction(async (tx) => tx.user.count())))).toBe(true);
    expect(isDatabaseUnavailable(await failureOf(() => nowhere.$queryRawUnsafe("select 1")))).toBe(true);
    // authorize() failing reaches the login route as Auth.js's CallbackRouteError, the database's error under cause.err.
    // (Auth.js passes the error itself, which its typings do not list.)
    expect(isDatabaseUnavailable(new CallbackRouteError(query as string))).toBe(true);
  });

  it("says yes to the driver's own connection errors", () => {
    // As node-postgres throws them (no code), seen from a transaction whose connection a restart killed.
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect" }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("refused"), { code: "ECONNREFUSED", syscall: "connect" })]))).toBe(true);
    // A client that hung up mid-request is not the database: no 503 that would hide it.
    expect(isDatabaseUnavailable(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(false);
  });

  describe("and no to the request's or the code's own errors", () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase();
    });
    afterAll(() => test.dispose());

    it("a unique violation, bad SQL, a missing row, anything else", async () => {
      const organisation = await test.db.organisation.create({ data: { name: "Unique", slug: "unique-org" } });
      const duplicate = await failureOf(() => test.db.organisation.create({ data: { name: "Again", slug: organisation.slug } }));
      expect(duplicate).toMatchObject({ code: "P2002" });
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
      expect(isDatabaseUnavailable(await failureOf(() => test.db.$queryRawUnsafe("select nonsense from nowhere")))).toBe(false);
      expect(isDatabaseUnavailable(await failureOf(() => test.db.user.findUniqueOrThrow({ where: { id: "missing" } })))).toBe(false);
      for (const other of [new Error("boom"), new TypeError("x is undefined"), null, undefined, "ECONNREFUSED", { code: 57 }]) {
        expect(isDatabaseUnavailable(other)).toBe(false);
      }
      // A cycle in the causes ends the walk.
      const looped: Error & { cause?: unknown } = new Error("loop");
      looped.cause = looped;
      expect(isDatabaseUnavailable(looped)).toBe(false);
    });
  });
});

describe("noteDatabaseFailure", () => {
  it("marks the request being served (server.ts then answers 503), and only for the database being unavailable", () => {
    const context: RequestContext = { clientIp: "", secure: false, userAgent: null };
    runWithRequestContext(context, () => expect(noteDatabaseFailure(new Error("boom"))).toBe(false));
    expect(context.databaseUnavailable).toBeUndefined();
    runWithRequestContext(context, () => expect(noteDatabaseFailure(new Error("Connection terminated unexpectedly"))).toBe(true));
    expect(context.databaseUnavailable).toBe(true);
    expect(noteDatabaseFailure(new Error("Connection terminated unexpectedly"))).toBe(true); // outside a request: nothing to mark
  });
});

describe.runIf(testDatabaseKind() === "postgresql")("a PostgreSQL server ending the app's sessions (as a restart does)", () => {
  let test: TestDatabase;
  const UNDER_TEST = "twofold_under_test";
  let db: Db;
  const connectionErrors: Error[] = [];
  beforeAll(async () => {
    test = await createTestDatabase();
    // The app's adapter, with a listener for connections that fail on their own.
    // Named, so a test can end exactly this client's connections and know how many there were.
    const url = new URL(test.url);
    url.searchParams.set("application_name", UNDER_TEST);
    const adapter = createAdapterFactory(url.toString(), { onConnectionError: (error) => connectionErrors.push(error) });
    db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  });
  afterAll(async () => {
    await db.$disconnect();
    await test.dispose();
  });

  /** Ends every other session of this database, as `pg_ctl stop -m fast` would. */
  const terminateOthers = (by: Db) =>
    by.$queryRawUnsafe(
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );

  it("classifies a query cut off mid-flight and one inside a transaction; the next queries work on new connections", async () => {
    const other = createDb(test.url);
    try {
      const sleeping = failureOf(() => db.$queryRawUnsafe("select pg_sleep(5)"));
      const inTransaction = failureOf(() =>
        db.$transaction(async (tx) => {
          await tx.user.count();
          await new Promise((resolve) => setTimeout(resolve, 1500));
          return tx.user.count();
        }),
      );
      // Both under way: the sleep running, the transaction open between its queries.
      const busy = `select count(*)::int as n from pg_stat_activity where datname = current_database() and (state = 'idle in transaction' or query = 'select pg_sleep(5)')`;
      await expect.poll(async () => ((await other.$queryRawUnsafe(busy)) as { n: number }[])[0]!.n, { timeout: 5000, interval: 20 }).toBe(2);
      await terminateOthers(other);
      const cutOff = await sleeping;
      expect(cutOff).toMatchObject({ code: "P2010" }); // "Raw query failed. Code: `57P01`", the adapter's error in meta
      expect(isDatabaseUnavailable(cutOff)).toBe(true);
      expect(isDatabaseUnavailable(await inTransaction)).toBe(true);
      // The pool dropped the dead connections: the next queries simply work.
      expect(await db.user.count()).toBe(0);
      expect(await db.$transaction(async (tx) => tx.user.count())).toBe(0);
    } finally {
      await other.$disconnect();
    }
  });

  it("a pooled connection killed while idle is reported to the listener, the process lives on, and the pool opens a new one", async () => {
    const other = createDb(test.url);
    try {
      // Two idle connections in the pool.
      await Promise.all([db.$queryRawUnsafe("select 1 as one from pg_sleep(0.05)"), db.$queryRawUnsafe("select 1 as one from pg_sleep(0.05)")]);
      connectionErrors.length = 0;
      const [{ n: killed }] = (await other.$queryRawUnsafe(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = '${UNDER_TEST}'`,
      )) as [{ n: number }];
      expect(killed).toBeGreaterThanOrEqual(2);
      // Every killed connection is reported (and so dropped from the pool) before the next query: until then the pool may hand one out.
      await expect.poll(() => new Set(connectionErrors).size, { timeout: 5000 }).toBeGreaterThanOrEqual(killed);
      expect(connectionErrors.every((error) => isDatabaseUnavailable(error))).toBe(true);
      expect(await db.user.count()).toBe(0);
    } finally {
      await other.$disconnect();
    }
  });
});
