// One source of truth for the models: prisma/schema.prisma (SQLite). The PostgreSQL
// schema is derived from it by changing the provider and the client's output folder,
// written to prisma/postgresql/schema.prisma by `npm run db:diff`, and checked to be
// in step by prisma/provider-schemas.test.ts. Never edit the derived file by hand.
import fs from "node:fs";
import path from "node:path";
import type { DatabaseKind } from "../lib/database-adapter";

export const PRISMA_DIR = import.meta.dirname;

export interface ProviderPaths {
  schemaPath: string;
  migrationsDir: string;
}

export const PROVIDER_PATHS: Record<DatabaseKind, ProviderPaths> = {
  sqlite: { schemaPath: path.join(PRISMA_DIR, "schema.prisma"), migrationsDir: path.join(PRISMA_DIR, "migrations") },
  postgresql: {
    schemaPath: path.join(PRISMA_DIR, "postgresql", "schema.prisma"),
    migrationsDir: path.join(PRISMA_DIR, "postgresql", "migrations"),
  },
};

const HEADER = "// GENERATED from prisma/schema.prisma by `npm run db:diff`: do not edit by hand.\n";

export function postgresSchemaFrom(sqliteSchema: string): string {
  const datasource = /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/;
  const output = /(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/;
  if (!datasource.test(sqliteSchema) || !output.test(sqliteSchema)) {
    throw new Error("prisma/schema.prisma no longer has the provider and output lines the PostgreSQL schema is derived from");
  }
  return HEADER + sqliteSchema.replace(datasource, '$1"postgresql"').replace(output, '$1"../../lib/generated/prisma-postgresql"');
}

export function readSqliteSchema(): string {
  return fs.readFileSync(PROVIDER_PATHS.sqlite.schemaPath, "utf8");
}

/** Writes prisma/postgresql/schema.prisma; returns whether it changed. */
export function writePostgresSchema(): boolean {
  const text = postgresSchemaFrom(readSqliteSchema());
  const target = PROVIDER_PATHS.postgresql.schemaPath;
  const before = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (before === text) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return true;
}
