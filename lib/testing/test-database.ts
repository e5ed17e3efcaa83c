// A real, migrated database per test file (SQLite, or PostgreSQL with TEST_DATABASE=postgresql): cheap, so no mocks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createPostgresDatabase, dropPostgresDatabase } from "../../prisma/postgres-databases";
import { testDatabaseKind } from "./test-database-kind";

export interface TestDatabase {
  db: Db;
  url: string;
  dispose: () => Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "postgresql") {
    const url = await createPostgresDatabase({ prefix: "twofold_test", template: inject("templateDatabase") });
    const db = createDb(url);
    return {
      db,
      url,
      dispose: async () => {
        await db.$disconnect();
        await dropPostgresDatabase(url);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    dispose: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An organisation with one user of each role, for tests that need callers; its login method is 2FA unless asked otherwise. */
export async function createOrganisationWithUsers(db: Db, slug: string, options: { loginMethod?: "TWO_FACTOR" | "STANDARD" } = {}) {
  const organisation = await db.organisation.create({ data: { slug, name: `${slug} Inc`, loginMethod: options.loginMethod ?? "TWO_FACTOR" } });
  const make = (role: "ADMIN" | "MEMBER", local: string) =>
    db.user.create({
      data: {
        organisationId: organisation.id,
        email: `${local}@${slug}.test`,
        name: `${local} of ${slug}`,
        role,
        passwordHash: "not-a-real-hash",
      },
    });
  return { organisation, admin: await make("ADMIN", "admin"), member: await make("MEMBER", "member") };
}
