import { expect, test, type KitUser } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";

// Issue 12, "Raise the surface": the users table in the shape of shadcn/ui's tasks example: a
// toolbar with faceted filters (2FA status, Role) and a View menu, and an actions menu per row.

type Members = { create: (options?: { name?: string; role?: "member" | "admin" }) => Promise<KitUser> };

/** `count` members named "<prefix> 00", "<prefix> 01", … */
async function makeMembers(members: Members, prefix: string, count: number) {
  for (let batch = 0; batch < count; batch += 6) {
    await Promise.all(
      Array.from({ length: Math.min(6, count - batch) }, (_, i) => members.create({ name: `${prefix} ${String(batch + i).padStart(2, "0")}` })),
    );
  }
}

test("a row's actions menu resets one user's 2FA, stepped up, and only that user changes", async ({ adminPage: admin, org, members, newPage }) => {
  const token = uniqueToken();
  const ann = await members.create({ name: `Ann ${token}` });
  const ben = await members.create({ name: `Ben ${token}` });
  await admin.goto(token);
  await admin.select(ann.name, ben.name);
  await admin.runBulk("Enable 2FA");
  await newPage({ as: ann }); // both enrol through the wizard
  await newPage({ as: ben });

  await admin.goto(token);
  await expect(admin.row(ann.name)).toContainText("Active");
  await expect(admin.row(ben.name)).toContainText("Active");

  // The menu offers what applies to an Active user.
  const items = await admin.openRowActions(ann.name);
  await expect(items).toHaveText([
    "Reset 2FA",
    "Disable 2FA",
    "Issue temporary access code",
    "Sign out all sessions",
    "Forget trusted browsers",
    "Remove user",
  ]);
  await admin.page.keyboard.press("Escape");

  await admin.rowAction(ann.name, "Reset 2FA");
  await expect(admin.dialog.getByRole("heading", { name: `Reset 2FA for ${ann.name}` })).toBeVisible();
  await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
  // Stepped up like the bulk bar's Reset: nothing happens without the admin's password.
  await expect(admin.dialog.getByRole("button", { name: "Reset 2FA" })).toBeDisabled();
  await admin.confirmBulk("Reset 2FA", { password: "not-my-password" });
  await expect(admin.dialog.getByRole("alert")).toHaveText("That password is not right.");
  await expect(admin.row(ann.name)).toContainText("Active");
  await admin.confirmBulk("Reset 2FA", { password: org.admin.password });
  await expect(admin.dialog).toBeHidden();
  await expect(admin.message("2FA reset for 1 user.")).toBeVisible();

  await expect(admin.row(ann.name)).toContainText("Required");
  await expect(admin.row(ben.name)).toContainText("Active");
  // A Required user's menu now offers Disable 2FA, not Reset.
  await expect(await admin.openRowActions(ann.name)).toHaveText(["Disable 2FA", "Sign out all sessions", "Forget trusted browsers", "Remove user"]);
});

test("the Role filter, then select all matching and Enable 2FA: the members change, the admins do not", async ({
  adminPage: admin,
  org,
  members,
  db,
}) => {
  const prefix = `Role ${uniqueToken()}`;
  const boss = await members.create({ name: `${prefix} boss`, role: "admin" });
  await makeMembers(members, prefix, 51);

  await admin.goto(prefix);
  await expect(admin.pageRange).toHaveText("1–50 of 52 users");
  await admin.filterBy("Role", ["Member"]);
  await expect(admin.page).toHaveURL(/role=member/);
  await expect(admin.filterButton("Role")).toContainText("Member");
  await expect(admin.pageRange).toHaveText("1–50 of 51 users");
  await expect(admin.row(boss.name)).toHaveCount(0);

  await admin.selectPage();
  await admin.selectAllMatching(51);
  await expect(admin.selectionCount).toHaveText("All 51 matching selected");
  await expect(admin.selectionIncludesYou).toBeHidden();
  await admin.openBulk("Enable 2FA");
  await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 51 users");
  await admin.confirmBulk("Enable 2FA");
  await expect(admin.message("2FA enabled for 51 users.")).toBeVisible();

  // The other admin of the search, and the signed-in admin, are as they were.
  await admin.filterBy("Role", ["Admin"]);
  await expect(admin.pageRange).toHaveText("1–1 of 1 user");
  await expect(admin.row(boss.name)).toContainText("Off");
  await admin.filterBy("Role", []);
  await admin.filterBy("2FA status", ["Required"]);
  await expect(admin.pageRange).toHaveText("1–50 of 51 users");
  const statuses = await db.user.findMany({ where: { id: { in: [boss.id!, org.admin.id!] } }, select: { twoFactorStatus: true } });
  expect(statuses.map((user) => user.twoFactorStatus)).toEqual(["OFF", "OFF"]);

  // Reset clears the filters.
  await admin.toolbar.getByRole("button", { name: "Reset" }).click();
  await expect(admin.pageRange).toHaveText("1–50 of 52 users");
  await expect(admin.page).not.toHaveURL(/status=|role=/);
});

test("View hides a column and shows it again", async ({ adminPage: admin, member }) => {
  await admin.goto(member.name);
  await expect(admin.columnHeader("Email")).toBeVisible();
  await expect(admin.row(member.name)).toContainText(member.email);

  await admin.setColumnVisible("Email", false);
  await expect(admin.columnHeader("Email")).toHaveCount(0);
  await expect(admin.row(member.name)).not.toContainText(member.email);
  await expect(admin.columnHeader("2FA status")).toBeVisible();

  await admin.setColumnVisible("Email", true);
  await expect(admin.columnHeader("Email")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the toolbar wraps, the table scrolls inside its region, and the bulk bar and dialogs fit", async ({ adminPage: admin, member }) => {
    await admin.goto(member.name);
    const page = admin.page;
    const fits = async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);

    // The table is wider than the phone: it scrolls in its own region, which the keyboard can reach.
    const region = admin.table.locator("xpath=..");
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expect(region).toHaveAttribute("tabindex", "0");

    for (const control of [
      admin.search,
      admin.filterButton("2FA status"),
      admin.filterButton("Role"),
      admin.toolbar.getByRole("button", { name: "View" }),
      admin.toolbar.getByRole("link", { name: "Export CSV" }),
    ]) {
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }

    await admin.select(member.name);
    for (const button of ["Enable 2FA", "Clear selection"]) {
      const box = (await page.getByRole("button", { name: button, exact: true }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await fits()).toBe(true);

    await admin.openBulk("Disable 2FA");
    const dialog = (await admin.dialog.boundingBox())!;
    expect(dialog.x).toBeGreaterThanOrEqual(0);
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(390);
    const confirm = (await admin.dialog.getByRole("button", { name: "Disable 2FA" }).boundingBox())!;
    expect(confirm.x + confirm.width).toBeLessThanOrEqual(390);
  });
});
