// The project's migrate command (no native Prisma engine needed).
//   npm run db:migrate                 apply pending migrations to DATABASE_URL
//   npm run db:diff -- <name>          write a new migration from schema changes
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseKind } from "../lib/database-adapter";
import { databaseUrl } from "../lib/env";
import { loadProjectEnv } from "../scripts/load-env";
import { applyPendingMigrations, createMigration } from "./schema-engine";

const paths = {
  schemaPath: path.join(import.meta.dirname, "schema.prisma"),
  migrationsDir: path.join(import.meta.dirname, "migrations"),
};

async function main(argv: string[]) {
  loadProjectEnv();
  const [command = "deploy", name] = argv;
  if (command === "deploy") {
    const url = databaseUrl();
    const applied = await applyPendingMigrations({ ...paths, url });
    if (databaseKind(url) === "sqlite") useWriteAheadLog(url);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
        : "Database is up to date: no pending migrations.",
    );
    return;
  }
  if (command === "diff") {
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      throw new UsageError("Give the new migration a name in snake_case: npm run db:diff -- add_access_list");
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-diff-"));
    try {
      const dir = await createMigration({ ...paths, name, scratchUrl: `file:${path.join(scratch, "scratch.db")}` });
      console.log(dir ? `Created ${path.relative(process.cwd(), dir)}` : "Schema and migrations already match: nothing to create.");
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    return;
  }
  throw new UsageError(`Unknown command "${command}". Use "deploy" or "diff <name>".`);
}

class UsageError extends Error {}

/** WAL lets readers and one writer work at once; the setting is stored in the file. */
function useWriteAheadLog(url: string) {
  const sqlite = new Database(url.slice("file:".length));
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Migration failed: ${message}`);
  process.exit(1);
});
