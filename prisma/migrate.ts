// The project's migrate command (no native Prisma engine needed).
//   npm run db:migrate            apply pending migrations to DATABASE_URL (SQLite or PostgreSQL)
//   npm run db:diff -- <name>     write the migration for a schema change, for both databases
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseKind } from "../lib/database-adapter";
import { databaseUrl } from "../lib/env";
import { loadProjectEnv } from "../scripts/load-env";
import { postgresServerUrl } from "./postgres-databases";
import { PROVIDER_PATHS, postgresSchemaFrom, readSqliteSchema, writePostgresSchema } from "./provider-schemas";
import { applyPendingMigrations, createMigration, createMigrationBetweenSchemas } from "./schema-engine";

class UsageError extends Error {}

async function deploy() {
  const url = databaseUrl();
  const kind = databaseKind(url);
  const applied = await applyPendingMigrations({ ...PROVIDER_PATHS[kind], url });
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${kind}: ${applied.join(", ")}`
      : `Database (${kind}) is up to date: no pending migrations.`,
  );
}

async function diff(name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new UsageError("Give the new migration a name in snake_case: npm run db:diff -- add_access_list");
  }
  const now = new Date(); // one timestamp, so both migrations carry the same folder name
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-diff-"));
  try {
    const previousPostgres = fs.existsSync(PROVIDER_PATHS.postgresql.schemaPath)
      ? fs.readFileSync(PROVIDER_PATHS.postgresql.schemaPath, "utf8")
      : null;
    const created = [
      await createMigration({ ...PROVIDER_PATHS.sqlite, name, now, scratchUrl: `file:${path.join(scratchDir, "scratch.db")}` }),
      await createMigrationBetweenSchemas({
        migrationsDir: PROVIDER_PATHS.postgresql.migrationsDir,
        name,
        now,
        url: postgresServerUrl(),
        from: previousPostgres,
        to: postgresSchemaFrom(readSqliteSchema()),
      }),
    ].filter((dir): dir is string => dir !== null);
    if (writePostgresSchema()) console.log("Updated prisma/postgresql/schema.prisma from prisma/schema.prisma");
    console.log(
      created.length
        ? created.map((dir) => `Created ${path.relative(process.cwd(), dir)}`).join("\n")
        : "Schema and migrations already match: nothing to create.",
    );
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

async function main(argv: string[]) {
  loadProjectEnv();
  const [command = "deploy", name] = argv;
  if (command === "deploy") return deploy();
  if (command === "diff") return diff(name);
  throw new UsageError(`Unknown command "${command}". Use "deploy" or "diff <name>".`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Migration failed: ${message}`);
  process.exit(1);
});
