import { expect, test } from "@playwright/test";
import { ACME_ADMIN, ACME_MEMBER, DEMO_PASSWORD, fillLogin, formError, logIn, signOut } from "./fixtures/accounts";

test("an admin logs in and reaches Admin > Login and 2FA", async ({ page }) => {
  await logIn(page, ACME_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("current-organisation")).toContainText("Acme Corp");

  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Login and 2FA" }).click();
  await expect(page).toHaveURL(/\/admin\/login-and-2fa$/);
  await expect(page.getByRole("heading", { name: "Login and 2FA" })).toBeVisible();
});

test("a member does not see the admin page and gets a 404 at its URL", async ({ page }) => {
  await logIn(page, ACME_MEMBER);
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Login and 2FA" })).toHaveCount(0);

  const response = await page.goto("/admin/login-and-2fa");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Login and 2FA" })).toHaveCount(0);
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await page.goto("/login");
  await fillLogin(page, "bob@acme.test", "not-the-password");
  await expect(formError(page)).toHaveText("Incorrect email or password.");
  await expect(page.getByLabel("Email")).toHaveValue("bob@acme.test");

  await page.goto("/login");
  await fillLogin(page, "nobody@acme.test", DEMO_PASSWORD);
  await expect(formError(page)).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("a signed-out visit to a protected page goes to login and comes back after it", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings$/);
  await fillLogin(page, ACME_MEMBER, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
});

test("an off-site callbackUrl lands on the app instead", async ({ page, baseURL }) => {
  await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2Fphish");
  await fillLogin(page, ACME_MEMBER, DEMO_PASSWORD);
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("signing out ends the session", async ({ page }) => {
  await logIn(page, ACME_MEMBER);
  await signOut(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
});
