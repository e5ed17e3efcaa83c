// The data migration that keeps 2FA enforced where it was (Standard now means no codes),
// applied to a database holding the organisations it is about, on the test database's kind.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { testDatabaseKind } from "@/lib/testing/test-database-kind";
import { applyPendingMigrations } from "./schema-engine";
import { createPostgresDatabase, dropPostgresDatabase } from "./postgres-databases";
import { PROVIDER_PATHS } from "./provider-schemas";

const MIGRATION = "20261130151500_login_method_keeps_enforcement";
const kind = testDatabaseKind();
const { schemaPath, migrationsDir } = PROVIDER_PATHS[kind];

let dir: string;
let url: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-login-method-"));
  url = kind === "postgresql" ? await createPostgresDatabase({ prefix: "twofold_migration" }) : `file:${path.join(dir, "before.db")}`;
});
afterEach(async () => {
  if (kind === "postgresql") await dropPostgresDatabase(url);
  fs.rmSync(dir, { recursive: true, force: true });
});

it("moves organisations that enforce 2FA to the 2FA login method, and leaves the others Standard", async () => {
  // Every migration before this one, then the organisations as they were.
  const before = path.join(dir, "migrations");
  fs.cpSync(migrationsDir, before, { recursive: true, filter: (source) => !source.includes(MIGRATION) });
  await applyPendingMigrations({ url, schemaPath, migrationsDir: before });
  let db = createDb(url);
  try {
    const org = (slug: string, requireTwoFactor = false) => db.organisation.create({ data: { slug, name: slug, requireTwoFactor } });
    const user = (organisationId: string, email: string, twoFactorStatus: "OFF" | "REQUIRED" | "ACTIVE") =>
      db.user.create({ data: { organisationId, email, name: email, passwordHash: "x", twoFactorStatus } });
    await org("policy", true);
    const required = await org("required");
    await user(required.id, "r@required.test", "REQUIRED");
    const active = await org("active");
    await user(active.id, "a@active.test", "ACTIVE");
    const none = await org("none");
    await user(none.id, "n@none.test", "OFF");
    await db.organisation.create({ data: { slug: "chosen", name: "chosen", loginMethod: "TWO_FACTOR" } });

    // Migrations run while the app is stopped.
    await db.$disconnect();
    expect(await applyPendingMigrations({ url, schemaPath, migrationsDir })).toEqual([MIGRATION]);
    db = createDb(url);
    const methods = Object.fromEntries(
      (await db.organisation.findMany({ select: { slug: true, loginMethod: true } })).map((o) => [o.slug, o.loginMethod]),
    );
    expect(methods).toEqual({ policy: "TWO_FACTOR", required: "TWO_FACTOR", active: "TWO_FACTOR", none: "STANDARD", chosen: "TWO_FACTOR" });
  } finally {
    await db.$disconnect();
  }
});
