import { expect, test, type Page } from "@playwright/test";
import { fillLogin, formError, logIn, signOut } from "./fixtures/accounts";
import { currentCode, nextStepCode } from "./fixtures/totp";
import { createUser, testDb, type TestUser } from "./fixtures/users";

/** Voluntary set-up from Settings > Security; returns the setup key and the backup codes. */
async function setUpFromSettings(page: Page, user: TestUser) {
  await logIn(page, user.email, user.password);
  await page.goto("/settings/security");
  await expect(page.getByTestId("two-factor-status")).toHaveText("Off");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  const setupKey = (await page.getByTestId("setup-key").textContent())!;
  const backupCodes = await page.getByTestId("backup-codes").getByRole("listitem").allTextContents();
  await page.getByLabel("I have saved my backup codes").check();
  await page.getByLabel("Authentication code").fill(await currentCode(setupKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("status")).toContainText("Two-factor authentication is on.");
  await expect(page.getByTestId("two-factor-status")).toHaveText("Active");
  return { setupKey, backupCodes };
}

test("a user turns 2FA on from Settings > Security and needs a code at the next login", async ({ page }) => {
  const user = await createUser();
  const { setupKey } = await setUpFromSettings(page, user);
  await signOut(page);
  await fillLogin(page, user.email, user.password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.getByLabel("Authentication code").fill(nextStepCode(setupKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("regenerating backup codes needs the password and a code, and kills the old codes", async ({ page }) => {
  const user = await createUser();
  const { setupKey, backupCodes: oldCodes } = await setUpFromSettings(page, user);

  await page.getByRole("button", { name: "Regenerate backup codes" }).click();
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByLabel("Authentication code").fill(nextStepCode(setupKey));
  await page.getByRole("button", { name: "Regenerate backup codes" }).click();
  await expect(formError(page)).toHaveText("Incorrect email or password.");

  await page.getByLabel("Password").fill(user.password);
  await page.getByLabel("Authentication code").fill(nextStepCode(setupKey));
  await page.getByRole("button", { name: "Regenerate backup codes" }).click();
  await expect(page.getByTestId("backup-codes")).toBeVisible();
  const newCodes = await page.getByTestId("backup-codes").getByRole("listitem").allTextContents();
  expect(newCodes).toHaveLength(10);
  expect(newCodes.filter((code) => oldCodes.includes(code))).toEqual([]);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("unused-backup-codes")).toContainText("10 of 10");

  await signOut(page);
  await fillLogin(page, user.email, user.password);
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(oldCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formError(page)).toContainText("That code is not valid");
  await page.getByLabel("Backup code").fill(newCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("signing out other sessions ends them and keeps this one", async ({ page, browser }) => {
  const user = await createUser();
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await logIn(other, user.email, user.password);

  await logIn(page, user.email, user.password);
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(page.getByRole("status")).toContainText("Every other session has been signed out.");
  await page.goto("/dashboard");
  await expect(page.getByTestId("current-user")).toBeVisible();

  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  await otherContext.close();
  expect(await testDb().auditEvent.count({ where: { targetId: user.id, type: "sessions.revoked" } })).toBe(1);
});

test("claims sent through the session update endpoint are ignored", async ({ page }) => {
  const user = await createUser();
  await logIn(page, user.email, user.password);
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.request.post("/api/auth/session", {
    data: { csrfToken, data: { role: "ADMIN", stage: "complete", uid: "someone-else", sv: 99 } },
  });
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { id: string; role: string } };
  expect(session.user).toMatchObject({ id: user.id, role: "MEMBER" });
  const response = await page.goto("/admin/login-and-2fa");
  expect(response?.status()).toBe(404);
});

test("changing the authenticator app needs the password and a current code; afterwards only the new app works", async ({ page }) => {
  const user = await createUser();
  const { setupKey: oldKey } = await setUpFromSettings(page, user);

  await page.getByRole("button", { name: "Change authenticator app" }).click();
  await page.getByLabel("Password").fill(user.password);
  await page.getByLabel("Authentication code").fill(nextStepCode(oldKey));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue" }).click(); // the wizard's "install an app" step
  const newKey = (await page.getByTestId("setup-key").textContent())!;
  expect(newKey).not.toBe(oldKey);
  await page.getByLabel("I have saved my backup codes").check();
  await page.getByLabel("Authentication code").fill(await currentCode(newKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("status")).toContainText("Your new authenticator app is set up.");

  await signOut(page);
  await fillLogin(page, user.email, user.password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.getByLabel("Authentication code").fill(nextStepCode(oldKey) === nextStepCode(newKey) ? "000000" : nextStepCode(oldKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formError(page)).toContainText("That code is not valid");
  await page.getByLabel("Authentication code").fill(nextStepCode(newKey));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
