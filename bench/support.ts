// Shared set-up for the benchmarks: a fresh, migrated database (SQLite file or a new
// PostgreSQL database) with one organisation of N generated users.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../lib/db";
import { createPostgresDatabase, dropPostgresDatabase } from "../prisma/postgres-databases";
import { PROVIDER_PATHS } from "../prisma/provider-schemas";
import { applyPendingMigrations } from "../prisma/schema-engine";

export type BenchDatabase = "sqlite" | "postgresql";

export interface BenchContext {
  db: Db;
  url: string;
  kind: BenchDatabase;
  organisationId: string;
  dispose: () => Promise<void>;
}

export function databaseFromArgs(): BenchDatabase {
  return process.argv.includes("--postgresql") ? "postgresql" : "sqlite";
}

export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

export async function freshDatabase(kind: BenchDatabase, users: number): Promise<BenchContext> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-bench-"));
    url = `file:${path.join(dir, "bench.db")}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const created = await createPostgresDatabase({ prefix: "twofold_bench" });
    url = created;
    cleanup = () => dropPostgresDatabase(created);
  }
  await applyPendingMigrations({ url, ...PROVIDER_PATHS[kind] });
  const db = createDb(url);
  // The 2FA login method: the benchmarks measure logins that pass a second factor.
  const organisation = await db.organisation.create({ data: { slug: "acme", name: "Acme Corp", loginMethod: "TWO_FACTOR" } });
  const batch = 5000;
  for (let start = 0; start < users; start += batch) {
    await db.user.createMany({
      data: Array.from({ length: Math.min(batch, users - start) }, (_, i) => {
        const n = String(start + i).padStart(6, "0");
        return {
          organisationId: organisation.id,
          email: `user${n}@acme.test`,
          name: `User ${n}`,
          passwordHash: "x",
          lastLoginAt: (start + i) % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + (((start + i) * 7919) % 10_000_000_000)),
        };
      }),
    });
  }
  return {
    db,
    url,
    kind,
    organisationId: organisation.id,
    dispose: async () => {
      await db.$disconnect();
      await cleanup();
    },
  };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
