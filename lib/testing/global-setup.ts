// Builds one migrated SQLite template per test run; each test file copies it
// (lib/testing/test-database.ts) instead of running every migration again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyPendingMigrations } from "../../prisma/schema-engine";

export default async function setup({ provide }: { provide: (key: "templateDatabase", value: string) => void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-unit-"));
  const file = path.join(dir, "template.db");
  const root = path.resolve(import.meta.dirname, "../..");
  await applyPendingMigrations({
    url: `file:${file}`,
    schemaPath: path.join(root, "prisma/schema.prisma"),
    migrationsDir: path.join(root, "prisma/migrations"),
  });
  provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
