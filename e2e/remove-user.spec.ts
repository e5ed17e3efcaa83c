import { expect, test, type Page } from "@playwright/test";
import { ACME_ADMIN, DEMO_PASSWORD, fillLogin, logIn } from "./fixtures/accounts";
import { createUser, testDb, uniqueToken, useTwoFactorLoginMethod } from "./fixtures/users";

test.beforeAll(async () => {
  await useTwoFactorLoginMethod("acme");
});

const usersTable = (page: Page) => page.getByRole("table", { name: "Users" });
const row = (page: Page, name: string) => usersTable(page).getByRole("row").filter({ hasText: name });

async function confirmRemoval(page: Page, title: string) {
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: title })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Remove" })).toBeDisabled();
  await dialog.getByLabel("Your password").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog).toBeHidden();
}

test("admin removes a user from their row and two from the bulk bar; the removed are signed out at once", async ({ page, browser }) => {
  const token = uniqueToken();
  const first = await createUser({ name: `Gone ${token} A` });
  const second = await createUser({ name: `Gone ${token} B` });
  const third = await createUser({ name: `Gone ${token} C` });

  // The first user is signed in while it happens.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await userPage.goto("/login");
  await fillLogin(userPage, first.email, first.password);
  await expect(userPage).toHaveURL(/\/dashboard/);

  await logIn(page, ACME_ADMIN);
  // The admin's own row offers no Remove.
  await page.goto(`/admin/login-and-2fa?q=${ACME_ADMIN}`);
  await expect(usersTable(page).getByRole("row")).toHaveCount(2);
  await expect(usersTable(page).getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  await page.goto(`/admin/login-and-2fa?q=${token}`);
  await expect(usersTable(page).getByRole("row")).toHaveCount(4);

  // Row action, with a wrong password first: refused, nothing removed.
  await page.getByRole("button", { name: `Remove Gone ${token} A` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Remove 1 user?" })).toBeVisible();
  await dialog.getByLabel("Your password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Incorrect email or password.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row(page, `Gone ${token} A`)).toBeVisible();

  await page.getByRole("button", { name: `Remove Gone ${token} A` }).click();
  await confirmRemoval(page, "Remove 1 user?");
  await expect(page.getByRole("status").filter({ hasText: "Removed 1 user." })).toBeVisible();
  await expect(usersTable(page).getByRole("row")).toHaveCount(3);

  await userPage.goto("/dashboard");
  await expect(userPage).toHaveURL(/\/login/);
  await userContext.close();

  // Bulk bar.
  await page.getByLabel(`Select Gone ${token} B`).check();
  await page.getByLabel(`Select Gone ${token} C`).check();
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await confirmRemoval(page, "Remove 2 users?");
  await expect(page.getByRole("status").filter({ hasText: "Removed 2 users." })).toBeVisible();
  await expect(usersTable(page)).toContainText("No users match this search.");

  expect(await testDb().user.count({ where: { id: { in: [first.id, second.id, third.id] } } })).toBe(0);
  const audited = await testDb().auditEvent.findMany({ where: { type: "user.removed", targetId: { in: [first.id, second.id, third.id] } } });
  expect(audited.map((event) => event.actorEmail)).toEqual([ACME_ADMIN, ACME_ADMIN, ACME_ADMIN]);
});

test("an admin who selects themself is refused, and nobody is removed", async ({ page }) => {
  await logIn(page, ACME_ADMIN);
  await page.goto(`/admin/login-and-2fa?q=${ACME_ADMIN}`);
  await expect(usersTable(page).getByRole("row")).toHaveCount(2);
  await page.getByLabel("Select all users on this page").check();
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Remove 1 user?" })).toBeVisible();
  await dialog.getByLabel("Your password").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("You cannot remove yourself. Nothing was changed.");
  expect(await testDb().user.count({ where: { email: ACME_ADMIN } })).toBe(1);
});
