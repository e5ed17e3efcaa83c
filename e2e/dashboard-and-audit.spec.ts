import { expect, test, type KitUser } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import type { AdminUsersPage } from "./pages/admin-users-page";
import { AppShell } from "./pages/app-shell";
import { AuditLogPage } from "./pages/audit-log-page";
import { ChallengePage } from "./pages/challenge-page";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";

// A viewer far from the server's UTC: times must show in this zone, named.
test.use({ timezoneId: "Asia/Tokyo", locale: "en-GB" });

async function enableFor(admin: AdminUsersPage, token: string, ...users: KitUser[]) {
  await admin.goto(token);
  await admin.select(...users.map((user) => user.name));
  await admin.runBulk("Enable 2FA");
  for (const user of users) await expect(admin.row(user.name)).toContainText("Required");
}

test("the audit log reads as sentences with names, and 'Done by' keeps only that person's events", async ({
  adminPage: admin,
  org,
  members,
  newPage,
}) => {
  const token = uniqueToken();
  const member = await members.create({ name: `Mia ${token}` });
  await enableFor(admin, token, member);
  // The member enrols at the next sign-in: events done by the member.
  await newPage({ as: member });

  const audit = new AuditLogPage(admin.page);
  await audit.open();
  await expect(audit.event(`${org.admin.name} enabled 2FA for ${member.name}`)).toBeVisible();
  await expect(audit.event(`${member.name} set up 2FA`)).toBeVisible();
  await expect(audit.event(`${member.name} signed in`)).toBeVisible();
  // The row's details have what the CSV has: who and whom.
  await expect(audit.event(`${org.admin.name} enabled 2FA for ${member.name}`)).toContainText(`Whom: ${member.email}`);
  // The event filter speaks words, not type names.
  await expect(admin.page.getByRole("combobox", { name: "Event" }).getByRole("option", { name: "2FA enabled by an admin" })).toHaveCount(1);
  // Times in the viewer's zone, named (the server's first render said UTC).
  await expect(audit.events.first().getByRole("cell").first()).toContainText(/GMT\+9|JST/);

  await audit.filterByActor(member.name);
  await expect(audit.event(`${member.name} signed in`)).toBeVisible();
  await expect(audit.event(`${member.name} set up 2FA`)).toBeVisible();
  await expect(audit.event(`enabled 2FA for ${member.name}`)).toHaveCount(0);
  for (const row of await audit.events.all()) await expect(row).toContainText(`Who: ${member.email}`);

  await admin.page.getByRole("textbox", { name: "Done by" }).fill(org.admin.name);
  await admin.page.getByRole("button", { name: "Filter" }).click();
  await expect(audit.event(`${org.admin.name} enabled 2FA for ${member.name}`)).toBeVisible();
  await expect(audit.event(`${member.name} signed in`)).toHaveCount(0);
  for (const row of await audit.events.all()) await expect(row).toContainText(`Who: ${org.admin.email}`);
});

test("a wrong password shows in the audit log as a failed sign-in for that person, not 'system'", async ({ adminPage: admin, members, newPage }) => {
  const token = uniqueToken();
  const member = await members.create({ name: `Finn ${token}` });
  const login = new LoginPage(await newPage({ ownAddress: true }));
  await login.goto();
  await login.submit(member.email, "not-the-password-at-all");
  await expect(login.error).toBeVisible();

  const audit = new AuditLogPage(admin.page);
  await audit.open();
  await audit.filterByUser(member.email);
  const failed = audit.event(`Sign-in failed for ${member.name} (wrong password)`);
  await expect(failed).toBeVisible();
  await expect(failed).toContainText(`Whom: ${member.email}`);
  await expect(failed).not.toContainText("system");
  await audit.filterByEvent("Sign-in failed (password)");
  await expect(audit.events).toHaveCount(1);
});

test("the admin dashboard charts the organisation's 2FA coverage and sign-ins, with the numbers, at 390 px too", async ({
  adminPage: admin,
  members,
  newPage,
  clock,
}) => {
  const token = uniqueToken();
  const [ann, ben, cid] = [
    await members.create({ name: `Ann ${token}` }),
    await members.create({ name: `Ben ${token}` }),
    await members.create({ name: `Cid ${token}` }),
  ];
  await enableFor(admin, token, ann, ben, cid);
  await newPage({ as: cid }); // Cid enrols: Active
  await clock.moveGrace(ann, "+2d"); // Ann's grace deadline comes up

  const dashboard = new DashboardPage(admin.page);
  await dashboard.goto();
  // The fixture organisation: its admin (Off), Ann and Ben (Required), Cid (Active).
  for (const [status, count] of [
    ["Off", 1],
    ["Required", 2],
    ["Active", 1],
    ["Locked", 0],
  ] as const) {
    await expect(dashboard.coverage(status)).toHaveText(`${status}${count}`);
  }
  await expect(dashboard.coverageChart).toHaveAttribute("aria-label", /Off 1, Required 2, Active 1, Locked 0/);
  await expect(dashboard.graceDeadlines).toHaveCount(1);
  await expect(dashboard.graceDeadlines.first()).toContainText(ann.name);
  // The admin's sign-in and Cid's.
  await expect(dashboard.activityTotal("Sign-ins")).toHaveText("Sign-ins2");
  await expect(dashboard.activityTotal("Failed attempts")).toHaveText("Failed attempts0");
  await expect(
    admin.page
      .getByRole("img", { name: /Line chart of sign-ins/ })
      .locator("svg")
      .first(),
  ).toBeVisible();

  await admin.page.setViewportSize({ width: 390, height: 844 });
  await dashboard.goto();
  await expect(dashboard.coverageChart.locator("svg").first()).toBeVisible();
  const widths = await admin.page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    svg: Math.max(...[...document.querySelectorAll("svg")].map((svg) => svg.getBoundingClientRect().right)),
  }));
  expect(widths.page).toBeLessThanOrEqual(390);
  expect(widths.svg).toBeLessThanOrEqual(390);
});

test("a member's dashboard shows their security: authenticator app, backup codes left, last sign-ins; no organisation charts", async ({
  adminPage: admin,
  members,
  newPage,
}) => {
  const token = uniqueToken();
  const member = await members.create({ name: `Max ${token}` });
  await enableFor(admin, token, member);
  const page = await newPage({ as: member });
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await expect(dashboard.security("Authenticator app")).toHaveText("On");
  await expect(dashboard.security("Backup codes left")).toHaveText("10 of 10");
  await expect(dashboard.lastSignIns).toHaveCount(1);

  // A sign-in with a backup code: one code fewer, one sign-in more.
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  await new ChallengePage(page).enterBackupCode(member.backupCodes![0]!);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboard.security("Backup codes left")).toHaveText("9 of 10");
  await expect(dashboard.lastSignIns).toHaveCount(2);
  await expect(dashboard.lastSignIns.first()).toContainText(/GMT\+9|JST/);
  await expect(page.getByRole("heading", { name: "2FA coverage" })).toHaveCount(0);
});
