import { expect, test } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";

test("admin removes a user from their row and two from the bulk bar; the removed are signed out at once", async ({
  org,
  adminPage,
  members,
  newPage,
  db,
}) => {
  const token = uniqueToken();
  const [first, second, third] = [
    await members.create({ name: `Gone ${token} A` }),
    await members.create({ name: `Gone ${token} B` }),
    await members.create({ name: `Gone ${token} C` }),
  ];
  // The first user is signed in while it happens.
  const userPage = await newPage({ as: first });

  // The admin's own row offers no Remove.
  await adminPage.goto(org.admin.email);
  await expect(adminPage.rows()).toHaveCount(2);
  const ownActions = await adminPage.openRowActions(org.admin.name);
  await expect(ownActions.first()).toBeVisible();
  await expect(ownActions.filter({ hasText: "Remove" })).toHaveCount(0);
  await adminPage.page.keyboard.press("Escape");

  await adminPage.goto(token);
  await expect(adminPage.rows()).toHaveCount(4);
  const dialog = adminPage.dialog;

  // Row action, with a wrong password first: refused, nothing removed.
  await adminPage.rowAction(`Gone ${token} A`, "Remove user");
  await expect(dialog.getByRole("heading", { name: "Remove 1 user?" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Remove" })).toBeDisabled();
  await dialog.getByLabel("Your password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("That password is not right.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(adminPage.row(`Gone ${token} A`)).toBeVisible();

  await adminPage.rowAction(`Gone ${token} A`, "Remove user");
  await adminPage.confirmBulk("Remove", { password: org.admin.password });
  await expect(adminPage.message("Removed 1 user.")).toBeVisible();
  await expect(adminPage.rows()).toHaveCount(3);

  await userPage.goto("/dashboard");
  await expect(userPage).toHaveURL(/\/login/);

  // Bulk bar.
  await adminPage.removeUsers(token, [second.name, third.name], { password: org.admin.password });
  await expect(adminPage.table).toContainText("No users match this search.");

  const ids = [first.id!, second.id!, third.id!];
  expect(await db.user.count({ where: { id: { in: ids } } })).toBe(0);
  const audited = await db.auditEvent.findMany({ where: { type: "user.removed", targetId: { in: ids } } });
  expect(audited.map((event) => event.actorEmail)).toEqual([org.admin.email, org.admin.email, org.admin.email]);
});

test("an admin who selects themself is refused, and nobody is removed", async ({ org, adminPage, db }) => {
  await adminPage.goto(org.admin.email);
  await expect(adminPage.rows()).toHaveCount(2);
  await adminPage.page.getByLabel("Select all users on this page").check();
  await adminPage.page.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(adminPage.dialog.getByRole("heading", { name: "Remove 1 user?" })).toBeVisible();
  await adminPage.dialog.getByLabel("Your password").fill(org.admin.password);
  await adminPage.dialog.getByRole("button", { name: "Remove" }).click();
  await expect(adminPage.dialog.getByRole("alert")).toHaveText("You cannot remove yourself. Nothing was changed.");
  expect(await db.user.count({ where: { email: org.admin.email } })).toBe(1);
});
