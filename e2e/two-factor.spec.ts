import { expect, test, type Page } from "@playwright/test";
import { fillLogin, formError, signOut } from "./fixtures/accounts";
import { callServerAction } from "./fixtures/server-actions";
import { currentCode, nextStepCode } from "./fixtures/totp";
import { enrolThroughWizard } from "./fixtures/two-factor";
import { createUser, testDb, type TestUser } from "./fixtures/users";

async function passwordStep(page: Page, user: TestUser) {
  await page.goto("/login");
  await fillLogin(page, user.email, user.password);
  await expect(page).toHaveURL(/\/login\/verify/);
}

test("a Required user sets up 2FA in the wizard and lands in the app", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  await enrolThroughWizard(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings/security");
  await expect(page.getByTestId("two-factor-status")).toHaveText("Active");
  await expect(page.getByTestId("unused-backup-codes")).toContainText("10 of 10");
  const events = await testDb().auditEvent.findMany({ where: { targetId: user.id, type: "two_factor.enrolled" } });
  expect(events).toHaveLength(1);
});

test("the wizard's pages are never cached and the secret is not in a URL", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  await page.goto("/login");
  await fillLogin(page, user.email, user.password);
  await expect(page).toHaveURL(/\/setup-2fa/);
  const response = await page.reload();
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await page.getByRole("button", { name: "Continue" }).click();
  const setupKey = (await page.getByTestId("setup-key").textContent())!.replace(/\s+/g, "");
  expect(urls.some((url) => url.includes(setupKey))).toBe(false);
});

test("an enrolled user signs in with a TOTP code", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  const { setupKey } = await enrolThroughWizard(page, user);
  await signOut(page);

  await passwordStep(page, user);
  await page.getByLabel("Authentication code").fill(nextStepCode(setupKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a backup code signs in once; the same code again fails", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  const { backupCodes } = await enrolThroughWizard(page, user);
  await signOut(page);

  await passwordStep(page, user);
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(backupCodes[0]!.toLowerCase());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings/security");
  await expect(page.getByTestId("unused-backup-codes")).toContainText("9 of 10");
  await signOut(page);

  await passwordStep(page, user);
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(backupCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formError(page)).toContainText("That code is not valid");
  await expect(page).toHaveURL(/\/login\/verify/);
});

test("a wrong code shows a clear error and five of them lock the 2FA step", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  const { setupKey } = await enrolThroughWizard(page, user);
  await signOut(page);

  await passwordStep(page, user);
  const wrong = (await currentCode(setupKey)) === "000000" ? "111111" : "000000";
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Authentication code").fill(wrong);
    await page.getByRole("button", { name: "Verify" }).click();
    // Wait for this answer before the next try (the message text repeats).
    await expect(page.getByRole("button", { name: "Verify", exact: true })).toBeEnabled();
    await expect(formError(page)).toContainText(attempt < 5 ? "That code is not valid" : "locked for at least 15 minutes");
  }
  // Locked: even the right code is refused now.
  await page.getByLabel("Authentication code").fill(nextStepCode(setupKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formError(page)).toContainText("locked");
  await expect(page).toHaveURL(/\/login\/verify/);
});

test("during the pending 2FA step, app pages and app server actions give nothing", async ({ page }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  await enrolThroughWizard(page, user);
  await signOut(page);
  await passwordStep(page, user);

  for (const path of ["/dashboard", "/settings/security", "/admin/login-and-2fa"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\/verify/);
    await expect(page.getByTestId("current-user")).toHaveCount(0);
  }

  const revoked = () => testDb().session.count({ where: { userId: user.id, revokedAt: { not: null } } });
  const before = await revoked();
  const call = await callServerAction(page.request, {
    page: "/settings/security",
    filename: "app/(app)/settings/security/actions.ts",
    exportedName: "signOutOtherSessions",
    args: [],
  });
  expect(call.body).not.toContain('"ok":true');
  expect(await revoked()).toBe(before);

  const session = await page.request.get("/api/auth/session");
  const body = await session.text();
  expect(body).not.toContain(user.email);
});

test("the same TOTP code cannot be used for a second sign-in within its step", async ({ page, browser }) => {
  const user = await createUser({ twoFactor: "REQUIRED" });
  const { setupKey } = await enrolThroughWizard(page, user);
  await signOut(page);

  const code = nextStepCode(setupKey);
  await passwordStep(page, user);
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const other = await browser.newContext();
  const second = await other.newPage();
  await passwordStep(second, user);
  await second.getByLabel("Authentication code").fill(code);
  await second.getByRole("button", { name: "Verify" }).click();
  await expect(formError(second)).toContainText("That code is not valid");
  await other.close();
});
