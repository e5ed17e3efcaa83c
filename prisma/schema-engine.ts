// Drives Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm),
// so migrations run on machines where the native engine cannot be downloaded.
// Migrations stay in Prisma's own format: prisma/migrations/<name>/migration.sql
// plus the _prisma_migrations table, which the stock CLI also understands.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { createAdapterFactory, databaseKind } from "../lib/database-adapter";

const require = createRequire(import.meta.url);
const NO_FILTERS = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let engineModule: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bg: EngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    return bg;
  })();
  return engineModule;
}

export async function withSchemaEngine<T>(options: { url: string; schema: string }, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const bg = await loadEngineModule();
  // The engine never closes the connections it opens; track them so SQLite's file
  // lock is released and PostgreSQL's pool ends when the work is done.
  const factory = createAdapterFactory(options.url);
  const opened: { dispose(): Promise<void> }[] = [];
  const trackedFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  function remember<A extends { dispose(): Promise<void> }>(adapter: A): A {
    opened.push(adapter);
    return adapter;
  }
  const engine = await bg.SchemaEngine.new(
    { datamodels: [["schema.prisma", options.schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(trackedFactory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

/** Reads prisma/migrations from disk in the shape the engine expects. */
export function readMigrationList(migrationsDir: string): MigrationList {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const directories = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok" as const, value: fs.readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

export interface MigrationPaths {
  schemaPath: string;
  migrationsDir: string;
}

/** Applies every migration the database has not seen yet; returns their names. */
export async function applyPendingMigrations(options: MigrationPaths & { url: string }): Promise<string[]> {
  ensureSqliteDirectory(options.url);
  const schema = fs.readFileSync(options.schemaPath, "utf8");
  return withSchemaEngine({ url: options.url, schema }, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationList(options.migrationsDir),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  }).finally(() => {
    // Every SQLite database the project makes (the app's, the tests', the benchmarks') runs
    // like production: with the write-ahead log.
    if (databaseKind(options.url) === "sqlite") enableWriteAheadLog(options.url);
  });
}

/** WAL lets readers and one writer work at once; the setting is stored in the file. */
function enableWriteAheadLog(url: string) {
  const sqlite = new Database(url.slice("file:".length));
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes
 * the existing migrations to the current schema. Returns null when there is nothing to do.
 * The existing migrations are replayed on a scratch database, which is then diffed
 * against the schema, so no real database is touched.
 */
export async function createMigration(options: MigrationPaths & { name: string; scratchUrl: string; now?: Date }): Promise<string | null> {
  const schema = fs.readFileSync(options.schemaPath, "utf8");
  const files = [{ path: "schema.prisma", content: schema }];
  ensureSqliteDirectory(options.scratchUrl);
  const diff = await withSchemaEngine({ url: options.scratchUrl, schema }, async (engine) => {
    await engine.applyMigrations({
      migrationsList: readMigrationList(options.migrationsDir),
      filters: NO_FILTERS,
    });
    return engine.diff({
      from: { tag: "schemaDatasource", files, configDir: path.dirname(options.schemaPath) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
  });
  return writeMigration({ ...options, kind: databaseKind(options.scratchUrl), script: diff.exitCode === 2 ? diff.stdout : null });
}

/**
 * Writes the migration between two versions of a schema, computed from the schemas alone
 * (no database is read). Used for PostgreSQL, whose introspection the WebAssembly engine
 * cannot do through the pg adapter: the committed prisma/postgresql/schema.prisma is
 * what its migrations build, so the step from it to the new one is the next migration.
 */
export async function createMigrationBetweenSchemas(options: {
  migrationsDir: string;
  name: string;
  now?: Date;
  /** Any URL of the right database kind; the engine needs an adapter but reads nothing. */
  url: string;
  from: string | null;
  to: string;
}): Promise<string | null> {
  const files = (content: string) => [{ path: "schema.prisma", content }];
  const diff = await withSchemaEngine({ url: options.url, schema: options.to }, (engine) =>
    engine.diff({
      from: options.from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: files(options.from) },
      to: { tag: "schemaDatamodel", files: files(options.to) },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  return writeMigration({ ...options, kind: databaseKind(options.url), script: diff.exitCode === 2 ? diff.stdout : null });
}

function writeMigration(options: { migrationsDir: string; name: string; now?: Date; kind: string; script: string | null }): string | null {
  if (!options.script) return null;
  const dir = path.join(options.migrationsDir, `${migrationTimestamp(options.now ?? new Date())}_${options.name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), options.script);
  const lockPath = path.join(options.migrationsDir, "migration_lock.toml");
  if (!fs.existsSync(lockPath)) {
    fs.writeFileSync(
      lockPath,
      "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n" + `provider = "${options.kind}"\n`,
    );
  }
  return dir;
}

/** Prisma's migration folder prefix: UTC YYYYMMDDHHMMSS. */
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function ensureSqliteDirectory(url: string) {
  if (databaseKind(url) !== "sqlite") return;
  const file = url.slice("file:".length);
  if (file && file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}
