// What both Playwright configs share: the browser, timeouts, reports, and what workers need
// to call the operator commands in-process. Plain Node.
import fs from "node:fs";
import path from "node:path";
import type { PlaywrightTestConfig, Project } from "@playwright/test";

export const root = path.resolve(import.meta.dirname, "../..");

/**
 * Debian's Chromium: its headless shell when installed (package chromium-headless-shell, what
 * Playwright itself runs headless: no browser UI to draw, about a quarter faster here), else
 * the full browser; CHROMIUM_PATH overrides both. Without one, a clear word on how to get it.
 */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

export function chromiumPath(): string {
  const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? CHROMIUM_CANDIDATES[0]!;
  if (!fs.existsSync(chromium)) {
    console.error(
      `\nNo Chromium found at ${process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES.join(" or ")}.\n` +
        "Install one with `sudo apt-get install -y chromium-headless-shell` (Debian/Ubuntu; `chromium` works too),\n" +
        "or `npx playwright install chromium` on a machine that can download browsers and set\n" +
        "CHROMIUM_PATH to the browser it installed.\n",
    );
    process.exit(1);
  }
  return chromium;
}

/**
 * Workers run the operator commands in-process (e2e/kit/operator.ts), whose lib modules say
 * `import "server-only"`: like `npm run twofold`, they resolve it under the react-server
 * condition. The servers must not inherit it (serverEnv puts the original back).
 */
const originalNodeOptions = process.env.E2E_ORIGINAL_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? "";
process.env.E2E_ORIGINAL_NODE_OPTIONS = originalNodeOptions;
process.env.NODE_OPTIONS = `${originalNodeOptions} --conditions=react-server`.trim();
export const serverEnv = { NODE_OPTIONS: originalNodeOptions };

/**
 * The e2e run's SMTP receiver (started by kit/mail-setup.ts, read by kit/mailbox.ts) and what
 * the app's servers need to send to it: short polls and retries, so mail arrives in seconds.
 */
export function mailServerEnv(options: { smtpPort: number; runDir: string; appUrl: string }) {
  process.env.E2E_SMTP_PORT = String(options.smtpPort);
  process.env.E2E_MAIL_DIR = path.join(options.runDir, "mail");
  return {
    SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}`,
    MAIL_FROM: "Twofold <no-reply@twofold.test>",
    APP_URL: options.appUrl,
    MAIL_POLL_MS: "200",
    MAIL_RETRY_BASE_MS: "500",
    MAIL_RETRY_MAX_MS: "2000",
  };
}

// Sized from the slowest flow (two enrolments and three logins) at 4 workers on 2 cores,
// where one step can take seconds: see e2e/README.md.
export const TEST_TIMEOUT_MS = 120_000;

export function baseConfig(options: { outputDir: string }): PlaywrightTestConfig {
  return {
    outputDir: path.join(root, options.outputDir),
    // Specs end in .spec.ts; a .test.ts beside the kit is a Vitest unit test of the kit itself.
    testMatch: "**/*.spec.ts",
    forbidOnly: Boolean(process.env.CI),
    retries: 0,
    fullyParallel: true,
    workers: 2,
    timeout: TEST_TIMEOUT_MS,
    expect: { timeout: 20_000 },
    reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }]],
    use: {
      // A trace is recorded for every test to keep the failing ones: on CI, where nobody opens
      // it (the log is all a run leaves), that is time spent for nothing.
      trace: process.env.CI ? "off" : "retain-on-failure",
      screenshot: "only-on-failure",
      actionTimeout: 20_000,
      navigationTimeout: 40_000,
      launchOptions: {
        executablePath: chromiumPath(),
        args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      },
    },
  };
}

/**
 * The flows, then the scan of the servers' log (e2e/log-scan) as the flows' teardown project:
 * it runs after all of them, however the run was narrowed (`npx playwright test -c e2e
 * login.spec.ts` scans too), and fails the run when the log leaks a secret.
 */
export function flowsThenLogScan(options: { flowsIgnore?: string[] } = {}): Project[] {
  return [
    { name: "flows", testIgnore: [...(options.flowsIgnore ?? []), "**/log-scan/**"], teardown: "log-scan" },
    { name: "log-scan", testDir: path.join(root, "e2e/log-scan") },
  ];
}
