import crypto from "node:crypto";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Two app instances (A and B) sharing one throwaway PostgreSQL database, both behind a
// "proxy" at 127.0.0.1 so tests choose client addresses with X-Forwarded-For.
const root = path.resolve(import.meta.dirname, "..");
const portA = Number(process.env.E2E_PG_PORT ?? 3220);
const portB = portA + 1;
const server = process.env.POSTGRES_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.E2E_PG_DATABASE ??= `twofold_e2e_${crypto.randomBytes(4).toString("hex")}`;
const databaseUrl = new URL(server);
databaseUrl.pathname = `/${process.env.E2E_PG_DATABASE}`;
process.env.DATABASE_URL = databaseUrl.toString();
process.env.E2E_INSTANCE_A = `http://localhost:${portA}`;
process.env.E2E_INSTANCE_B = `http://localhost:${portB}`;
process.env.E2E_PG_AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
process.env.E2E_PG_ENCRYPTION_KEY ??= `e2e:${crypto.randomBytes(32).toString("base64")}`;

const env = {
  AUTH_SECRET: process.env.E2E_PG_AUTH_SECRET,
  TWOFOLD_ENCRYPTION_KEY: process.env.E2E_PG_ENCRYPTION_KEY,
  DATABASE_URL: process.env.DATABASE_URL,
  TRUSTED_PROXIES: "127.0.0.1",
};

export default defineConfig({
  ...base,
  testDir: "./multi-instance",
  testIgnore: [],
  outputDir: path.join(root, "test-results", "postgresql"),
  globalTeardown: "./multi-instance/drop-database.ts",
  webServer: [
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${process.env.E2E_INSTANCE_A}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { ...env, PORT: String(portA) },
    },
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${process.env.E2E_INSTANCE_B}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { ...env, PORT: String(portB), E2E_PRIMARY_URL: `${process.env.E2E_INSTANCE_A}/login` },
    },
  ],
});
