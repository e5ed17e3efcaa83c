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
});
