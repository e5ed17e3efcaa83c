import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
process.env.E2E_BASE_URL = baseURL;
// A second server on the same database, behind a "proxy" at 127.0.0.1 (TRUSTED_PROXIES),
// so tests choose the client address with X-Forwarded-For (e2e/fixtures/network.ts).
const proxiedPort = port + 1;
process.env.E2E_PROXIED_URL = `http://localhost:${proxiedPort}`;
// Throwaway secrets shared by both servers (workers inherit them from this process).
process.env.E2E_AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
process.env.E2E_ENCRYPTION_KEY ??= `e2e:${crypto.randomBytes(32).toString("base64")}`;
const secrets = { AUTH_SECRET: process.env.E2E_AUTH_SECRET, TWOFOLD_ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY };

// One fresh SQLite file per run, known to the server and to the fixtures that seed users.
process.env.E2E_DATABASE_FILE ??= path.join(os.tmpdir(), `twofold-e2e-${port}`, "e2e.db");
process.env.DATABASE_URL = `file:${process.env.E2E_DATABASE_FILE}`;

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `\nNo Chromium found at ${chromium}.\n` +
      "Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu),\n" +
      "or `npx playwright install chromium` on a machine that can download browsers and set\n" +
      "CHROMIUM_PATH to the browser it installed.\n",
  );
  process.exit(1);
}

export default defineConfig({
  testDir: ".",
  // The two-instance flow has its own servers on PostgreSQL: playwright.postgresql.config.ts.
  testIgnore: ["multi-instance/**"],
  outputDir: path.join(root, "test-results"),
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  fullyParallel: true,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${baseURL}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      env: { ...secrets, PORT: String(port), DATABASE_URL: process.env.DATABASE_URL },
    },
    {
      command: "bash scripts/e2e-server.sh",
      cwd: root,
      url: `${process.env.E2E_PROXIED_URL}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: {
        ...secrets,
        PORT: String(proxiedPort),
        DATABASE_URL: process.env.DATABASE_URL,
        TRUSTED_PROXIES: "127.0.0.1",
        E2E_PRIMARY_URL: `${baseURL}/login`,
      },
    },
  ],
});
