import crypto from "node:crypto";
import { defineConfig } from "@playwright/test";
import { baseConfig, flowsThenLogScan, mailServerEnv, root, serverEnv } from "./kit/config-base";
import { claimRunDatabase } from "./kit/run-database";

// Two app instances (A and B) sharing one PostgreSQL database this run creates under a
// random name (and drops afterwards), both behind a "proxy" at 127.0.0.1 so tests choose
// client addresses with X-Forwarded-For.
const portA = Number(process.env.E2E_PG_PORT ?? 3220);
const portB = portA + 1;
const database = claimRunDatabase({ postgresServerUrl: process.env.POSTGRES_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
process.env.DATABASE_URL = database.url;
process.env.E2E_INSTANCE_A = `http://localhost:${portA}`;
process.env.E2E_INSTANCE_B = `http://localhost:${portB}`;
process.env.E2E_BASE_URL = process.env.E2E_INSTANCE_A;
process.env.E2E_PG_AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
process.env.E2E_PG_ENCRYPTION_KEY ??= `e2e:${crypto.randomBytes(32).toString("base64")}`;

const env = {
  ...serverEnv,
  AUTH_SECRET: process.env.E2E_PG_AUTH_SECRET,
  TWOFOLD_ENCRYPTION_KEY: process.env.E2E_PG_ENCRYPTION_KEY,
  DATABASE_URL: database.url,
  E2E_RUN_DIR: database.dir,
  E2E_RUN_TOKEN: process.env.E2E_RUN_TOKEN!,
  TRUSTED_PROXIES: "127.0.0.1",
  ...mailServerEnv({ smtpPort: portA + 5, runDir: database.dir, appUrl: process.env.E2E_INSTANCE_A }),
};

const base = baseConfig({ outputDir: "test-results/postgresql" });

export default defineConfig({
  ...base,
  testDir: "./multi-instance",
  projects: flowsThenLogScan(),
  globalSetup: "./kit/mail-setup.ts",
  globalTeardown: "./kit/teardown.ts",
  use: { ...base.use, baseURL: process.env.E2E_INSTANCE_A },
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
      // Its own origin (APP_URL): passkeys are bound to it.
      env: { ...env, PORT: String(portB), APP_URL: process.env.E2E_INSTANCE_B, E2E_PRIMARY_URL: `${process.env.E2E_INSTANCE_A}/login` },
    },
  ],
});
