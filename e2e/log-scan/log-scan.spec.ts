// Runs after every other test of the run (a Playwright project that depends on the flows:
// e2e/kit/config-base.ts): the servers' captured output, as an operator's log collector would
// receive it, is JSON lines and holds none of the secrets the run used (e2e/kit/log-scan.ts).
import { expect, test } from "@playwright/test";
import { describeFindings, scanServerLogs } from "../kit/log-scan";

test("the servers' log is JSON lines without a password, code, secret, token or full email address", () => {
  const dir = process.env.E2E_RUN_DIR;
  test.skip(!dir, "Against BASE_URL there is no captured server log.");
  const scan = scanServerLogs(dir!);
  expect(scan.files.length, "scripts/e2e-server.sh captured no server log in the run directory").toBeGreaterThan(0);
  expect(scan.lines, "the captured server log is empty").toBeGreaterThan(0);
  test.info().annotations.push({
    type: "log-scan",
    description: `${scan.lines} lines in ${scan.files.length} files against ${scan.secrets} secrets the kit used`,
  });
  expect(scan.findings.length, describeFindings(scan.findings)).toBe(0);
});
