import { expect, test } from "./kit/fixtures";
import { ACME_ADMIN, ACME_MEMBER, DEMO_PASSWORD } from "./kit/accounts";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";

test.describe("login", { tag: "@remote" }, () => {
  test("an admin logs in and reaches Admin > Login and 2FA", async ({ page }) => {
    await new LoginPage(page).logIn(ACME_ADMIN, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("current-organisation")).toContainText("Acme Corp");

    await new AppShell(page).nav.getByRole("link", { name: "Login and 2FA" }).click();
    await expect(page).toHaveURL(/\/admin\/login-and-2fa$/);
    await expect(page.getByRole("heading", { name: "Login and 2FA" })).toBeVisible();
  });

  test("a member does not see the admin page and gets a 404 at its URL", async ({ page }) => {
    await new LoginPage(page).logIn(ACME_MEMBER, DEMO_PASSWORD);
    await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Login and 2FA" })).toHaveCount(0);

    const response = await page.goto("/admin/login-and-2fa");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Login and 2FA" })).toHaveCount(0);
  });

  test("a wrong password and an unknown email get the same message", async ({ page, member }) => {
    // A fresh member: failed passwords count against the account, so not a demo one.
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(member.email, "not-the-password");
    await expect(login.error).toHaveText("Incorrect email or password.");
    await expect(login.email).toHaveValue(member.email);

    await login.goto();
    await login.submit(`nobody-${member.email}`, member.password);
    await expect(login.error).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a signed-out visit to a protected page goes to login and comes back after it", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings$/);
    await new LoginPage(page).submit(ACME_MEMBER, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  });

  test("an off-site callbackUrl lands on the app instead", async ({ page, baseURL }) => {
    const login = new LoginPage(page);
    await login.goto("https://evil.example/phish");
    await login.submit(ACME_MEMBER, DEMO_PASSWORD);
    await expect(page.getByTestId("current-user")).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("signing out ends the session", async ({ page }) => {
    await new LoginPage(page).logIn(ACME_MEMBER, DEMO_PASSWORD);
    await new AppShell(page).signOut();
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  });
});
