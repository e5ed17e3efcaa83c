// Builds one migrated template database per test run; each test file copies it
// (lib/testing/test-database.ts) instead of running every migration again.
// TEST_DATABASE=postgresql runs the same tests on a throwaway PostgreSQL database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPostgresDatabase, databaseName, dropPostgresDatabase } from "../../prisma/postgres-databases";
import { PROVIDER_PATHS } from "../../prisma/provider-schemas";
import { applyPendingMigrations } from "../../prisma/schema-engine";
import { testDatabaseKind } from "./test-database-kind";

export default async function setup({ provide }: { provide: (key: "templateDatabase", value: string) => void }) {
  const kind = testDatabaseKind();
  if (kind === "postgresql") {
    const url = await createPostgresDatabase({ prefix: "twofold_template" });
    await applyPendingMigrations({ url, ...PROVIDER_PATHS.postgresql });
    provide("templateDatabase", databaseName(url));
    return () => dropPostgresDatabase(url);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-unit-"));
  const file = path.join(dir, "template.db");
  await applyPendingMigrations({ url: `file:${file}`, ...PROVIDER_PATHS.sqlite });
  provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
