import { expect, test, type KitUser } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import type { AdminUsersPage } from "./pages/admin-users-page";

// Issue 12, hazard 2: a selection the admin cannot see. The table shows 50 users a page.

type Members = { create: (options?: { name?: string }) => Promise<KitUser> };

/** `count` members named "<prefix> 00", "<prefix> 01", … (so the name sort is their number). */
async function makeMembers(members: Members, prefix: string, count: number) {
  for (let batch = 0; batch < count; batch += 6) {
    await Promise.all(
      Array.from({ length: Math.min(6, count - batch) }, (_, i) => members.create({ name: `${prefix} ${String(batch + i).padStart(2, "0")}` })),
    );
  }
}

const name = (prefix: string, n: number) => `${prefix} ${String(n).padStart(2, "0")}`;

async function expectRange(admin: AdminUsersPage, range: string, rows: number) {
  await expect(admin.pageRange).toHaveText(range);
  await expect(admin.rows()).toHaveCount(rows + 1); // and the header
}

test("the pager says which users it shows, and Last shows the last partial page", async ({ adminPage: admin, members }) => {
  const prefix = `Pager ${uniqueToken()}`;
  await makeMembers(members, prefix, 55);

  await admin.goto(prefix);
  await expectRange(admin, "1–50 of 55 users", 50);
  await expect(admin.pagerButton("First")).toBeDisabled();
  await expect(admin.pagerButton("Previous")).toBeDisabled();

  await admin.goToPage("Last");
  await expectRange(admin, "51–55 of 55 users", 5);
  await expect(admin.row(name(prefix, 50))).toBeVisible();
  await expect(admin.row(name(prefix, 54))).toBeVisible();
  await expect(admin.pagerButton("Next")).toBeDisabled();
  await expect(admin.pagerButton("Last")).toBeDisabled();

  await admin.goToPage("Previous");
  await expectRange(admin, "1–50 of 55 users", 50);
  await admin.goToPage("Next");
  await expectRange(admin, "51–55 of 55 users", 5);
  await admin.goToPage("First");
  await expectRange(admin, "1–50 of 55 users", 50);
});

test("a page's selection stays visible after Next: the bar names its pages, its rows are ticked on return, and Enable acts on exactly those", async ({
  adminPage: admin,
  members,
  db,
}) => {
  const prefix = `Across ${uniqueToken()}`;
  await makeMembers(members, prefix, 55);

  await admin.goto(prefix);
  await expect(admin.selectionCount).toHaveText("No users selected");
  await admin.selectPage();
  await expect(admin.selectionCount).toHaveText("50 selected on page 1");

  await admin.goToPage("Next");
  await expectRange(admin, "51–55 of 55 users", 5);
  // Still selected, and said where; nothing on this page is ticked.
  await expect(admin.selectionCount).toHaveText("50 selected on page 1");
  await expect(admin.checkbox(name(prefix, 50))).not.toBeChecked();
  await admin.select(name(prefix, 52));
  await expect(admin.selectionCount).toHaveText("51 selected on pages 1 and 2");

  await admin.goToPage("Previous");
  await expect(admin.checkbox(name(prefix, 0))).toBeChecked();
  await expect(admin.checkbox(name(prefix, 49))).toBeChecked();
  await expect(admin.checkbox("page")).toBeChecked();

  // The count the admin sees is what the action touches.
  await admin.openBulk("Enable 2FA");
  await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 51 users");
  await admin.confirmBulk("Enable 2FA");
  await expect(admin.message("2FA enabled for 51 users.")).toBeVisible();
  await expect(admin.selectionCount).toHaveText("No users selected");
  const required = await db.user.findMany({ where: { name: { startsWith: `${prefix} ` }, twoFactorStatus: "REQUIRED" }, select: { name: true } });
  expect(required.map((user) => user.name).sort()).toEqual([...Array.from({ length: 50 }, (_, i) => name(prefix, i)), name(prefix, 52)]);

  // Clear selection empties it on every page.
  await admin.goToPage("Last");
  await admin.select(name(prefix, 53));
  await admin.goToPage("First");
  await admin.select(name(prefix, 1));
  await expect(admin.selectionCount).toHaveText("2 selected on pages 1 and 2");
  await admin.clearSelection();
  await expect(admin.selectionCount).toHaveText("No users selected");
  await expect(admin.checkbox(name(prefix, 1))).not.toBeChecked();
  await admin.goToPage("Last");
  await expect(admin.checkbox(name(prefix, 53))).not.toBeChecked();
});

test("a new search clears the selection and says so; all matching stays ticked on every page", async ({ adminPage: admin, members }) => {
  const prefix = `Cleared ${uniqueToken()}`;
  await makeMembers(members, prefix, 55);

  await admin.goto(prefix);
  await admin.selectPage();
  await admin.selectAllMatching(55);
  await expect(admin.selectionCount).toHaveText("All 55 matching selected");
  await expect(admin.selectionIncludesYou).toBeHidden();
  await admin.goToPage("Next");
  await expect(admin.checkbox(name(prefix, 54))).toBeChecked();
  await expect(admin.selectionCount).toHaveText("All 55 matching selected");

  await admin.search.fill(`${prefix} 1`);
  await expect(admin.pageRange).toHaveText("1–10 of 10 users");
  await expect(admin.selectionCount).toHaveText("No users selected");
  await expect(admin.selectionCleared).toHaveText("Selection cleared: the search changed.");
  await expect(admin.checkbox(name(prefix, 10))).not.toBeChecked();
  await admin.select(name(prefix, 10));
  await expect(admin.selectionCleared).toBeEmpty();
  await expect(admin.selectionCount).toHaveText("1 selected on page 1");
});

test("selecting all matching warns when the admin is among them", async ({ adminPage: admin, members, org }) => {
  // A fresh organisation: its admin and these 55 members are all of its users.
  await makeMembers(members, `Everyone ${uniqueToken()}`, 55);

  await admin.goto();
  await expect(admin.pageRange).toHaveText("1–50 of 56 users");
  await admin.selectPage();
  await admin.selectAllMatching(56);
  await expect(admin.selectionCount).toHaveText("All 56 matching selected");
  await expect(admin.selectionIncludesYou).toHaveText(
    "This includes you: Disable 2FA and Reset 2FA would also apply to your own account, and Remove refuses a selection with you in it.",
  );

  // Picking their own row says so too.
  await admin.clearSelection();
  await expect(admin.selectionIncludesYou).toBeHidden();
  await admin.goto(org.admin.email);
  await admin.select(org.admin.name);
  await expect(admin.selectionIncludesYou).toBeVisible();
});
