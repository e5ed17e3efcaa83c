import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { testDatabaseKind } from "../lib/testing/test-database-kind";
import { createPostgresDatabase, dropPostgresDatabase, postgresServerUrl } from "./postgres-databases";
import { PROVIDER_PATHS, postgresSchemaFrom, readSqliteSchema } from "./provider-schemas";
import { applyPendingMigrations, withSchemaEngine } from "./schema-engine";

describe("the PostgreSQL schema", () => {
  it("is exactly the one derived from prisma/schema.prisma (run npm run db:diff after a schema change)", () => {
    expect(fs.readFileSync(PROVIDER_PATHS.postgresql.schemaPath, "utf8")).toBe(postgresSchemaFrom(readSqliteSchema()));
  });

  it("differs from the SQLite one only in its provider and client folder", () => {
    const derived = postgresSchemaFrom(readSqliteSchema()).split("\n").slice(1);
    const original = readSqliteSchema().split("\n");
    const changed = derived.filter((line, i) => line !== original[i]);
    expect(changed.map((line) => line.trim())).toEqual(['output       = "../../lib/generated/prisma-postgresql"', 'provider = "postgresql"']);
  });
});

/**
 * The tables, columns, types, constraints and indexes of a database, as pg_dump writes
 * them, one definition a line and sorted: a column added by a later migration lands last
 * in its table, which changes nothing the app can see.
 */
function schemaDump(url: string): string[] {
  return execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", url], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line && !line.startsWith("--") && !line.startsWith("\\") && !line.startsWith("SET ") && !line.includes("pg_catalog.set_config"))
    .map((line) => line.trim().replace(/,$/, ""))
    .sort();
}

describe.skipIf(testDatabaseKind() !== "postgresql")("the PostgreSQL migrations", () => {
  it("build exactly the schema the models describe", async () => {
    const migrated = await createPostgresDatabase({ prefix: "twofold_migrated" });
    const fromModels = await createPostgresDatabase({ prefix: "twofold_models" });
    try {
      await applyPendingMigrations({ url: migrated, ...PROVIDER_PATHS.postgresql });
      const schema = fs.readFileSync(PROVIDER_PATHS.postgresql.schemaPath, "utf8");
      const script = await withSchemaEngine({ url: postgresServerUrl(), schema }, (engine) =>
        engine.diff({
          from: { tag: "empty" },
          to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
          script: true,
          exitCode: null,
          filters: { externalTables: [], externalEnums: [] },
        }),
      );
      execFileSync("psql", ["-q", "-v", "ON_ERROR_STOP=1", fromModels], { input: script.stdout ?? "" });
      expect(schemaDump(migrated)).toEqual(schemaDump(fromModels));
      // And a second run applies nothing.
      expect(await applyPendingMigrations({ url: migrated, ...PROVIDER_PATHS.postgresql })).toEqual([]);
    } finally {
      await dropPostgresDatabase(migrated);
      await dropPostgresDatabase(fromModels);
    }
  });
});
