import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPendingMigrations, createMigration } from "./schema-engine";

const schemaPath = path.join(import.meta.dirname, "schema.prisma");
const migrationsDir = path.join(import.meta.dirname, "migrations");
const committed = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-migrate-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function tables(file: string): string[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    sqlite.close();
  }
}

describe("the migrate command", () => {
  it("applies every migration to a fresh SQLite file, then none on a second run", async () => {
    const file = path.join(dir, "nested", "fresh.db");
    const url = `file:${file}`;

    expect(await applyPendingMigrations({ url, schemaPath, migrationsDir })).toEqual(committed);
    expect(tables(file)).toEqual(expect.arrayContaining(["Organisation", "User", "AuditEvent", "_prisma_migrations"]));

    expect(await applyPendingMigrations({ url, schemaPath, migrationsDir })).toEqual([]);
  });

  it("creates nothing when the schema matches the migrations", async () => {
    const created = await createMigration({
      schemaPath,
      migrationsDir,
      name: "noop",
      scratchUrl: `file:${path.join(dir, "scratch.db")}`,
    });
    expect(created).toBeNull();
  });

  it("writes a new migration for a schema change, which then applies", async () => {
    const changedSchema = path.join(dir, "schema.prisma");
    fs.writeFileSync(changedSchema, `${fs.readFileSync(schemaPath, "utf8")}\nmodel Widget {\n  id   String @id\n  size Int\n}\n`);
    const changedMigrations = path.join(dir, "migrations");
    fs.cpSync(migrationsDir, changedMigrations, { recursive: true });

    const created = await createMigration({
      schemaPath: changedSchema,
      migrationsDir: changedMigrations,
      name: "add_widget",
      scratchUrl: `file:${path.join(dir, "scratch.db")}`,
      now: new Date("2030-01-02T03:04:05Z"),
    });

    expect(created).toBe(path.join(changedMigrations, "20300102030405_add_widget"));
    expect(fs.readFileSync(path.join(created!, "migration.sql"), "utf8")).toContain('CREATE TABLE "Widget"');
    const file = path.join(dir, "app.db");
    const applied = await applyPendingMigrations({ url: `file:${file}`, schemaPath: changedSchema, migrationsDir: changedMigrations });
    expect(applied.at(-1)).toBe("20300102030405_add_widget");
    expect(tables(file)).toContain("Widget");
  });
});
