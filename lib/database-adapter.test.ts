import { createRequire } from "node:module";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { testDatabaseKind } from "@/lib/testing/test-database-kind";

// Another process writing to the same SQLite file (a second worker, the operator command, an
// e2e fixture), played by a thread with its own connection: it writes when told, waiting on
// the busy timeout like any other connection would.
const OTHER_WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
parentPort.on("message", () => {
  try {
    db.prepare("UPDATE Organisation SET name = 'written by the other process' WHERE id = ?").run(workerData.otherId);
    parentPort.postMessage("written");
  } catch (error) {
    parentPort.postMessage("failed: " + error.code);
  }
  db.close();
});
parentPort.postMessage("ready");
`;

describe("statements run again and again (prepared once per connection on SQLite)", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.dispose());

  it("give each run its own parameters, for reads, writes, raw SQL and inside transactions", async () => {
    const slugs = Array.from({ length: 5 }, (_, i) => `reuse-${i}`);
    for (const slug of slugs) await test.db.organisation.create({ data: { slug, name: slug.toUpperCase() } });
    for (const slug of slugs) expect((await test.db.organisation.findUniqueOrThrow({ where: { slug } })).name).toBe(slug.toUpperCase());
    await test.db.$transaction(async (tx) => {
      for (const slug of slugs) await tx.organisation.update({ where: { slug }, data: { name: `${slug} renamed` } });
      expect((await tx.organisation.findUniqueOrThrow({ where: { slug: "reuse-3" } })).name).toBe("reuse-3 renamed");
    });
    const placeholder = test.db.dialect === "postgresql" ? "$1" : "?";
    const rows = await test.db.$queryRawUnsafe<{ slug: string }[]>(`SELECT slug FROM "Organisation" WHERE name = ${placeholder}`, "reuse-2 renamed");
    expect(rows.map((row) => row.slug)).toEqual(["reuse-2"]);
    expect(await test.db.organisation.count({ where: { slug: { in: slugs } } })).toBe(5);
  });

  it("stay usable after a statement failed, and a failed transaction leaves nothing behind", async () => {
    await test.db.organisation.create({ data: { slug: "taken", name: "Taken" } });
    await expect(test.db.organisation.create({ data: { slug: "taken", name: "Again" } })).rejects.toMatchObject({ code: "P2002" });
    await expect(
      test.db.$transaction(async (tx) => {
        await tx.organisation.create({ data: { slug: "inside", name: "Inside" } });
        await tx.organisation.create({ data: { slug: "taken", name: "Again" } });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await test.db.organisation.findUnique({ where: { slug: "inside" } })).toBeNull();
    await test.db.organisation.create({ data: { slug: "after", name: "After" } });
    expect(await test.db.organisation.count({ where: { slug: { in: ["taken", "after", "inside"] } } })).toBe(2);
  });
});

// Another process holding the write lock until told to let go.
const LOCK_HOLDER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.prepare("BEGIN IMMEDIATE").run();
parentPort.postMessage("locked");
parentPort.on("message", () => { db.prepare("COMMIT").run(); db.close(); parentPort.postMessage("released"); });
`;

describe.skipIf(testDatabaseKind() !== "sqlite")("SQLite transactions next to another writing process", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
    await test.db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  });
  afterAll(() => test.dispose());

  it("a transaction that reads, then writes, waits its turn instead of failing when the other process wrote in between", async () => {
    const mine = await test.db.organisation.create({ data: { slug: "mine", name: "Mine" } });
    const other = await test.db.organisation.create({ data: { slug: "other", name: "Other" } });
    const worker = new Worker(OTHER_WRITER, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve("better-sqlite3"), file: test.url.replace(/^file:/, ""), otherId: other.id },
    });
    await once(worker, "message");
    const written = once(worker, "message");

    await test.db.$transaction(async (tx) => {
      const before = await tx.organisation.findUniqueOrThrow({ where: { id: mine.id } });
      worker.postMessage("write now");
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.organisation.update({ where: { id: mine.id }, data: { name: `${before.name}, renamed` } });
    });

    expect(await written).toEqual(["written"]);
    await worker.terminate();
    expect((await test.db.organisation.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe("Mine, renamed");
    expect((await test.db.organisation.findUniqueOrThrow({ where: { id: other.id } })).name).toBe("written by the other process");
  });

  it("a transaction that could not get the write lock in time fails alone: the next one runs", async () => {
    const worker = new Worker(LOCK_HOLDER, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve("better-sqlite3"), file: test.url.replace(/^file:/, "") },
    });
    expect(await once(worker, "message")).toEqual(["locked"]);
    // Past the busy timeout (5 s to begin, 5 s more to write), this one gives up.
    await expect(test.db.$transaction((tx) => tx.organisation.create({ data: { slug: "while-locked", name: "Locked out" } }))).rejects.toThrow();
    const released = once(worker, "message");
    worker.postMessage("release");
    expect(await released).toEqual(["released"]);
    await test.db.$transaction((tx) => tx.organisation.create({ data: { slug: "after-lock", name: "After" } }), { maxWait: 2000 });
    expect(await test.db.organisation.findUnique({ where: { slug: "while-locked" } })).toBeNull();
    expect(await test.db.organisation.findUnique({ where: { slug: "after-lock" } })).not.toBeNull();
    await worker.terminate();
  }, 30_000);
});
