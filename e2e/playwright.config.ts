import crypto from "node:crypto";
import { defineConfig } from "@playwright/test";
import { baseConfig, flowsThenLogScan, mailServerEnv, root, serverEnv } from "./kit/config-base";
import { claimRunDatabase } from "./kit/run-database";

// Two targets (e2e/README.md):
//  - default: two servers of our own on a SQLite database this run creates (and removes);
//  - BASE_URL=<server>: that server only, nothing started, no database touched; only the
//    specs tagged @remote run (they need nothing but the admin UI and the demo accounts),
//    unless --grep says otherwise.
const remote = process.env.BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = remote ?? `http://localhost:${port}`;
process.env.E2E_BASE_URL = baseURL;

function localServers() {
  // A second server on the same database, behind a "proxy" at 127.0.0.1 (TRUSTED_PROXIES),
  // so tests choose the client address with X-Forwarded-For (e2e/kit/network.ts).
  const proxiedPort = port + 1;
  process.env.E2E_PROXIED_URL = `http://localhost:${proxiedPort}`;
  // Throwaway secrets shared by both servers (workers inherit them from this process).
  process.env.E2E_AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
  process.env.E2E_ENCRYPTION_KEY ??= `e2e:${crypto.randomBytes(32).toString("base64")}`;
  const database = claimRunDatabase("sqlite");
  // The fixtures' operator commands use the same database.
  process.env.DATABASE_URL = database.url;
  const env = {
    ...serverEnv,
    AUTH_SECRET: process.env.E2E_AUTH_SECRET,
    TWOFOLD_ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY,
    DATABASE_URL: database.url,
    E2E_RUN_DIR: database.dir,
    E2E_RUN_TOKEN: process.env.E2E_RUN_TOKEN!,
    ...mailServerEnv({ smtpPort: port + 5, runDir: database.dir, appUrl: baseURL }),
  };
  return [
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${baseURL}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { ...env, PORT: String(port) },
    },
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${process.env.E2E_PROXIED_URL}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      // Its own origin: passkeys are bound to APP_URL's origin, so each server names its own.
      env: {
        ...env,
        PORT: String(proxiedPort),
        APP_URL: process.env.E2E_PROXIED_URL,
        TRUSTED_PROXIES: "127.0.0.1",
        E2E_PRIMARY_URL: `${baseURL}/login`,
      },
    },
  ];
}

const base = baseConfig({ outputDir: "test-results" });

export default defineConfig({
  ...base,
  testDir: ".",
  // The two-instance flow has its own servers on PostgreSQL: playwright.postgresql.config.ts.
  testIgnore: ["multi-instance/**"],
  projects: flowsThenLogScan({ flowsIgnore: ["multi-instance/**"] }),
  ...(remote ? { grep: /@remote/ } : { globalSetup: "./kit/mail-setup.ts", globalTeardown: "./kit/teardown.ts", webServer: localServers() }),
  use: { ...base.use, baseURL },
});
