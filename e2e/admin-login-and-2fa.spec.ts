import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ACME_ADMIN, DEMO_PASSWORD, fillLogin, formError, logIn, signOut } from "./fixtures/accounts";
import { callServerAction } from "./fixtures/server-actions";

import { nextStepCode } from "./fixtures/totp";
import { enrolThroughWizard } from "./fixtures/two-factor";
import { createUser, testDb, uniqueToken, useTwoFactorLoginMethod } from "./fixtures/users";

test.beforeAll(async () => {
  await useTwoFactorLoginMethod("acme");
});

async function openAdminPage(page: Page, search?: string) {
  await logIn(page, ACME_ADMIN);
  await page.goto(search ? `/admin/login-and-2fa?q=${search}` : "/admin/login-and-2fa");
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
}

const usersTable = (page: Page) => page.getByRole("table", { name: "Users" });
const row = (page: Page, name: string) => usersTable(page).getByRole("row").filter({ hasText: name });

async function runBulk(page: Page, button: string, options: { password?: string } = {}) {
  await page.getByRole("button", { name: button, exact: true }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("bulk-preview")).toBeVisible();
  if (options.password) await dialog.getByLabel("Your password").fill(options.password);
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toBeHidden();
}

test("admin searches, ticks two users, enables 2FA; they show Required and meet the wizard at login", async ({ page, browser }) => {
  const token = uniqueToken();
  const alice = await createUser({ name: `Alice ${token}` });
  await createUser({ name: `Bob ${token}` });
  await createUser({ name: `Carol ${token}` });

  await openAdminPage(page);
  await page.getByLabel("Search users").fill(token);
  await expect(page).toHaveURL(new RegExp(`q=${token}`));
  await expect(usersTable(page).getByRole("row")).toHaveCount(4); // header + 3

  await page.getByLabel(`Select Alice ${token}`).check();
  await page.getByLabel(`Select Bob ${token}`).check();
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  await page.getByRole("button", { name: "Enable 2FA", exact: true }).first().click();
  await expect(page.getByRole("dialog").getByTestId("bulk-preview")).toContainText("This affects 2 users");
  await page.getByRole("dialog").getByRole("button", { name: "Enable 2FA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2FA enabled for 2 users." })).toBeVisible();

  await expect(row(page, `Alice ${token}`)).toContainText("Required");
  await expect(row(page, `Bob ${token}`)).toContainText("Required");
  await expect(row(page, `Carol ${token}`)).toContainText("Off");

  // The view lives in the URL: a reload shows the same search.
  await page.reload();
  await expect(page.getByLabel("Search users")).toHaveValue(token);
  await expect(usersTable(page).getByRole("row")).toHaveCount(4);

  const aliceContext = await browser.newContext();
  const alicePage = await aliceContext.newPage();
  await alicePage.goto("/login");
  await fillLogin(alicePage, alice.email, alice.password);
  await expect(alicePage).toHaveURL(/\/setup-2fa/);
  await aliceContext.close();

  // Enabling again is a no-op, and says so.
  await page.getByLabel(`Select Alice ${token}`).check();
  await runBulk(page, "Enable 2FA");
  await expect(page.getByRole("status").filter({ hasText: "Nothing to do" })).toContainText("already had 2FA enabled");
});

test("select all users matching a search across pages and enable 2FA for them in one go", async ({ page }) => {
  const token = uniqueToken();
  const template = await testDb().user.findUniqueOrThrow({ where: { email: ACME_ADMIN }, select: { organisationId: true, passwordHash: true } });
  await testDb().user.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      ...template,
      email: `${token}-${i}@acme.test`,
      name: `Bulk ${token} ${String(i).padStart(2, "0")}`,
    })),
  });

  await openAdminPage(page, token);
  await expect(page.getByText("60 users")).toBeVisible();
  await expect(usersTable(page).getByRole("row")).toHaveCount(51);
  await page.getByLabel("Select all users on this page").check();
  await expect(page.getByTestId("selection-count")).toHaveText("50 selected");
  await page.getByRole("button", { name: "Select all 60 matching" }).click();
  await expect(page.getByTestId("selection-count")).toHaveText("60 selected");
  await runBulk(page, "Enable 2FA");
  await expect(page.getByRole("status").filter({ hasText: "2FA enabled for 60 users." })).toBeVisible();
  expect(await testDb().user.count({ where: { email: { startsWith: `${token}-` }, twoFactorStatus: "REQUIRED" } })).toBe(60);

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(usersTable(page).getByRole("row")).toHaveCount(11);
  await expect(row(page, `Bulk ${token} 59`)).toContainText("Required");
});

test("Reset 2FA on an Active user: signed out, enrols again with a new secret, old backup codes dead", async ({ page, browser }) => {
  const token = uniqueToken();
  const user = await createUser({ name: `Reset ${token}`, twoFactor: "REQUIRED" });
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  const first = await enrolThroughWizard(userPage, user);

  await openAdminPage(page, token);
  await expect(row(page, `Reset ${token}`)).toContainText("Active");
  await page.getByLabel(`Select Reset ${token}`).check();
  await runBulk(page, "Reset 2FA", { password: "correct-horse-battery-staple" });
  await expect(page.getByRole("status").filter({ hasText: "2FA reset for 1 user." })).toBeVisible();
  await expect(row(page, `Reset ${token}`)).toContainText("Required");

  // The user's open session ends at once.
  await userPage.goto("/dashboard");
  await expect(userPage).toHaveURL(/\/login/);
  const second = await enrolThroughWizard(userPage, user);
  expect(second.setupKey).not.toBe(first.setupKey);

  await signOut(userPage);
  await userPage.goto("/login");
  await fillLogin(userPage, user.email, user.password);
  await userPage.getByRole("button", { name: "Use a backup code" }).click();
  await userPage.getByLabel("Backup code").fill(first.backupCodes[0]!);
  await userPage.getByRole("button", { name: "Verify" }).click();
  await expect(formError(userPage)).toContainText("That code is not valid");
  await userContext.close();
});

test("Disable 2FA asks the admin to re-authenticate", async ({ page }) => {
  const token = uniqueToken();
  await createUser({ name: `Disable ${token}`, twoFactor: "REQUIRED" });
  await openAdminPage(page, token);
  await page.getByLabel(`Select Disable ${token}`).check();
  await page.getByRole("button", { name: "Disable 2FA", exact: true }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
  await expect(dialog.getByRole("button", { name: "Disable 2FA" })).toBeDisabled();

  await dialog.getByLabel("Your password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Disable 2FA" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Incorrect email or password.");
  await expect(row(page, `Disable ${token}`)).toContainText("Required");

  await dialog.getByLabel("Your password").fill("correct-horse-battery-staple");
  await dialog.getByRole("button", { name: "Disable 2FA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2FA disabled for 1 user." })).toBeVisible();
  await expect(row(page, `Disable ${token}`)).toContainText("Off");
});

test("an admin with 2FA confirms Disable 2FA with a current code or a backup code; the password alone is refused, also over HTTP", async ({
  page,
}) => {
  const token = uniqueToken();
  const first = await createUser({ name: `Stepup ${token} one`, twoFactor: "REQUIRED" });
  await createUser({ name: `Stepup ${token} two`, twoFactor: "REQUIRED" });
  const admin = await createUser({ name: `Admin ${token}`, role: "ADMIN", twoFactor: "REQUIRED" });
  const { setupKey, backupCodes } = await enrolThroughWizard(page, admin);
  const statusOf = async (id: string) =>
    (await testDb().user.findUniqueOrThrow({ where: { id }, select: { twoFactorStatus: true } })).twoFactorStatus;

  // A hand-crafted call with the admin's right password, or with nothing, changes nothing.
  for (const confirmation of [{ method: "password", password: DEMO_PASSWORD }, undefined]) {
    const crafted = await callServerAction(page.request, {
      page: "/admin/login-and-2fa",
      filename: "app/(app)/admin/login-and-2fa/actions.ts",
      exportedName: "runBulkAction",
      args: [{ action: "disable", target: { kind: "ids", ids: [first.id] }, confirmation }],
    });
    expect(crafted.body).toContain("your password alone is not enough");
    expect(crafted.body).not.toContain('"ok":true');
  }
  expect(await statusOf(first.id)).toBe("REQUIRED");

  await page.goto(`/admin/login-and-2fa?q=${token}`);
  await page.getByLabel(`Select Stepup ${token} one`).check();
  await page.getByRole("button", { name: "Disable 2FA", exact: true }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
  await expect(dialog.getByLabel("Your password")).toHaveCount(0);
  const code = dialog.getByLabel("Authentication code");
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await code.fill("000000");
  await dialog.getByRole("button", { name: "Disable 2FA" }).click();
  await expect(dialog.getByRole("alert")).toContainText("That code is not valid");
  // A wrong code counts on the admin's own 2FA failure counter.
  expect((await testDb().user.findUniqueOrThrow({ where: { id: admin.id }, select: { twoFactorFailures: true } })).twoFactorFailures).toBe(1);
  expect(await statusOf(first.id)).toBe("REQUIRED");
  await code.fill(nextStepCode(setupKey));
  await dialog.getByRole("button", { name: "Disable 2FA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2FA disabled for 1 user." })).toBeVisible();
  await expect(row(page, `Stepup ${token} one`)).toContainText("Off");

  await page.getByLabel(`Select Stepup ${token} two`).check();
  await page.getByRole("button", { name: "Disable 2FA", exact: true }).first().click();
  await expect(dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
  await dialog.getByRole("button", { name: "Use a backup code" }).click();
  await dialog.getByLabel("Backup code").fill(backupCodes[0]!);
  await dialog.getByRole("button", { name: "Disable 2FA" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2FA disabled for 1 user." })).toBeVisible();
  await expect(row(page, `Stepup ${token} two`)).toContainText("Off");
});

test("a Locked user is found by the filter and unlocked", async ({ page }) => {
  const token = uniqueToken();
  await createUser({ name: `Locked ${token}`, twoFactor: "ACTIVE", twoFactorFailures: 10 });
  await openAdminPage(page, token);
  await page.getByLabel("2FA status").selectOption("locked");
  await expect(page).toHaveURL(/status=locked/);
  await expect(row(page, `Locked ${token}`)).toContainText("Locked");
  await page.getByLabel(`Select Locked ${token}`).check();
  await runBulk(page, "Unlock");
  await expect(page.getByRole("status").filter({ hasText: "Unlocked 1 user." })).toBeVisible();
  await expect(page.getByText("No users match this search.")).toBeVisible();
  await page.getByLabel("2FA status").selectOption("active");
  await expect(row(page, `Locked ${token}`)).toContainText("Active");
});

test("the policy requires 2FA for everyone with a grace period; users see a countdown", async ({ page, browser }) => {
  const globexAdmin = "admin@globex.test";
  const member = await createUser({ organisation: "globex" });
  await useTwoFactorLoginMethod("globex");
  await logIn(page, globexAdmin);
  await page.goto("/admin/login-and-2fa");
  await page.getByLabel("Require 2FA for all users").check();
  await page.getByLabel("Grace period (days)").fill("3");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved" })).toBeVisible();

  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await logIn(memberPage, member.email, member.password);
  await expect(memberPage.getByTestId("grace-banner")).toContainText("3 days");
  await memberPage.getByRole("link", { name: "Set up now" }).click();
  await expect(memberPage).toHaveURL(/\/settings\/security/);
  await memberContext.close();

  await page.getByLabel("Require 2FA for all users").uncheck();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "no longer required" })).toBeVisible();
});

test("Add user: a generated password works, a duplicate email gets a field error", async ({ page, browser }) => {
  const token = uniqueToken();
  await openAdminPage(page);
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(`New ${token}`);
  await dialog.getByLabel("Email").fill(`${token}@acme.test`);
  await dialog.getByRole("button", { name: "Add user" }).click();
  const password = (await dialog.getByTestId("generated-password").textContent())!;
  await dialog.getByRole("button", { name: "Done" }).click();

  await page.getByRole("button", { name: "Add user" }).click();
  await dialog.getByLabel("Name").fill("Someone");
  await dialog.getByLabel("Email").fill(`${token}@acme.test`);
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog.getByText("A user with this email address already exists.")).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveValue("Someone");

  const newContext = await browser.newContext();
  const newPage = await newContext.newPage();
  await logIn(newPage, `${token}@acme.test`, password);
  await newContext.close();
});

test("the audit log shows the admin's steps and exports them as CSV", async ({ page }) => {
  const token = uniqueToken();
  const user = await createUser({ name: `Audited ${token}` });
  await openAdminPage(page, token);
  await page.getByLabel(`Select Audited ${token}`).check();
  await runBulk(page, "Enable 2FA");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("textbox", { name: "User" }).fill(user.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/user=/);
  const event = page.getByRole("row").filter({ hasText: "two_factor.enabled_by_admin" });
  await expect(event).toContainText(ACME_ADMIN);
  await expect(event).toContainText(user.email);
  await expect(event).toContainText("127.0.0.1");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("when,event,who,whom,ip,detail");
  expect(lines.some((line) => line.includes("two_factor.enabled_by_admin") && line.includes(user.email))).toBe(true);
  expect(lines.every((line) => line === lines[0] || line.includes(user.email))).toBe(true);
});

test("members get a 404 on the admin pages and a 403 on the export", async ({ page }) => {
  const member = await createUser();
  await logIn(page, member.email, member.password);
  for (const path of ["/admin/login-and-2fa", "/admin/audit"]) {
    expect((await page.goto(path))?.status()).toBe(404);
  }
  expect((await page.request.get("/admin/audit/export")).status()).toBe(403);
});

test.describe("replaying admin server actions over HTTP", () => {
  const bulk = (ids: string[]) => ({
    page: "/admin/login-and-2fa",
    filename: "app/(app)/admin/login-and-2fa/actions.ts",
    exportedName: "runBulkAction",
    args: [{ action: "enable", target: { kind: "ids", ids } }],
  });

  for (const caller of ["an Acme member", "a Globex admin"] as const) {
    test(`${caller} is refused and nothing changes`, async ({ page }) => {
      const victim = await createUser({ name: `Victim ${uniqueToken()}` });
      const attacker = caller === "an Acme member" ? await createUser() : await createUser({ organisation: "globex", role: "ADMIN" });
      await logIn(page, attacker.email, attacker.password);

      const result = await callServerAction(page.request, bulk([victim.id]));
      expect(result.body).toContain("FORBIDDEN");
      expect(result.body).not.toContain('"ok":true');

      if (caller === "an Acme member") {
        const policy = await callServerAction(page.request, {
          page: "/admin/login-and-2fa",
          filename: "app/(app)/admin/login-and-2fa/actions.ts",
          exportedName: "savePolicy",
          args: [{ requireTwoFactor: true, graceDays: 0 }],
        });
        expect(policy.body).toContain("FORBIDDEN");
      }

      const after = await testDb().user.findUniqueOrThrow({ where: { id: victim.id }, select: { twoFactorStatus: true } });
      expect(after.twoFactorStatus).toBe("OFF");
      expect(await testDb().auditEvent.count({ where: { targetId: victim.id } })).toBe(0);
      const acme = await testDb().organisation.findUniqueOrThrow({ where: { slug: "acme" } });
      expect(acme.requireTwoFactor).toBe(false);
    });
  }
});
