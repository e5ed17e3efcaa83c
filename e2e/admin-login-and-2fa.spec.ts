import { expect, remote, test, type KitUser } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import { canReadEmail, waitForEmail } from "./kit/mailbox";
import { callServerAction } from "./kit/server-actions";
import { nextStepCode } from "./kit/totp";
import { AdminUsersPage } from "./pages/admin-users-page";
import { AppShell } from "./pages/app-shell";
import { AuditLogPage } from "./pages/audit-log-page";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";

/** Enables 2FA for the users through the bulk bar (the page is searched for their token). */
async function enableFor(admin: AdminUsersPage, token: string, ...users: KitUser[]) {
  await admin.goto(token);
  await admin.select(...users.map((user) => user.name));
  await admin.runBulk("Enable 2FA");
  for (const user of users) await expect(admin.row(user.name)).toContainText("Required");
}

test.describe("with the admin UI only", { tag: "@remote" }, () => {
  test("admin searches, ticks two users, enables 2FA; they show Required and meet the wizard at login", async ({
    adminPage: admin,
    members,
    newPage,
  }) => {
    const token = uniqueToken();
    const alice = await members.create({ name: `Alice ${token}` });
    await members.create({ name: `Bob ${token}` });
    await members.create({ name: `Carol ${token}` });

    await admin.goto();
    await admin.search.fill(token);
    await expect(admin.page).toHaveURL(new RegExp(`q=${token}`));
    await expect(admin.rows()).toHaveCount(4); // header + 3

    await admin.select(`Alice ${token}`, `Bob ${token}`);
    await expect(admin.selectionCount).toHaveText("2 selected on page 1");
    await admin.openBulk("Enable 2FA");
    await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 2 users");
    await admin.confirmBulk("Enable 2FA");
    await expect(admin.message("2FA enabled for 2 users.")).toBeVisible();

    await expect(admin.row(`Alice ${token}`)).toContainText("Required");
    await expect(admin.row(`Bob ${token}`)).toContainText("Required");
    await expect(admin.row(`Carol ${token}`)).toContainText("Off");

    // The view lives in the URL: a reload shows the same search.
    await admin.page.reload();
    await expect(admin.search).toHaveValue(token);
    await expect(admin.rows()).toHaveCount(4);

    const alicePage = await newPage();
    const login = new LoginPage(alicePage);
    await login.goto();
    await login.submit(alice.email, alice.password);
    await expect(alicePage).toHaveURL(/\/setup-2fa/);

    // Enabling again is a no-op, and says so.
    await admin.select(`Alice ${token}`);
    await admin.runBulk("Enable 2FA");
    await expect(admin.message("Nothing to do")).toContainText("already had 2FA enabled");
  });

  test("Reset 2FA on an Active user: signed out, enrols again with a new secret, old backup codes dead", async ({
    adminPage: admin,
    org,
    members,
    newPage,
    signIn,
  }) => {
    const token = uniqueToken();
    const user = await members.create({ name: `Reset ${token}` });
    await enableFor(admin, token, user);
    const userPage = await newPage({ as: user });
    const first = { setupKey: user.setupKey!, backupCodes: user.backupCodes! };

    await admin.goto(token);
    await expect(admin.row(user.name)).toContainText("Active");
    await admin.select(user.name);
    await admin.runBulk("Reset 2FA", { password: org.admin.password });
    await expect(admin.message("2FA reset for 1 user.")).toBeVisible();
    await expect(admin.row(user.name)).toContainText("Required");

    // The user's open session ends at once.
    await userPage.goto("/dashboard");
    await expect(userPage).toHaveURL(/\/login/);
    await signIn(userPage, user);
    expect(user.setupKey).not.toBe(first.setupKey);

    await new AppShell(userPage).signOut();
    await new LoginPage(userPage).passwordStep(user.email, user.password);
    const challenge = new ChallengePage(userPage);
    await challenge.enterBackupCode(first.backupCodes[0]!);
    await expect(challenge.error).toContainText("That backup code is not valid, or it has been used already.");
  });

  test("Disable 2FA asks the admin to re-authenticate", async ({ adminPage: admin, org, members }) => {
    const token = uniqueToken();
    const user = await members.create({ name: `Disable ${token}` });
    await enableFor(admin, token, user);
    await admin.select(user.name);
    await admin.openBulk("Disable 2FA");
    await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
    await expect(admin.dialog.getByRole("button", { name: "Disable 2FA" })).toBeDisabled();

    await admin.confirmBulk("Disable 2FA", { password: "not-my-password" });
    await expect(admin.dialog.getByRole("alert")).toHaveText("That password is not right.");
    await expect(admin.row(user.name)).toContainText("Required");

    await admin.confirmBulk("Disable 2FA", { password: org.admin.password });
    await expect(admin.message("2FA disabled for 1 user.")).toBeVisible();
    await expect(admin.row(user.name)).toContainText("Off");
  });

  test("a Locked user is found by the filter and unlocked", async ({ adminPage: admin, members, newPage }) => {
    const token = uniqueToken();
    const user = await members.create({ name: `Locked ${token}` });
    await enableFor(admin, token, user);
    // Five wrong codes lock the user's 2FA step.
    const userPage = await newPage({ ownAddress: true, as: user });
    await new AppShell(userPage).signOut();
    await new LoginPage(userPage).passwordStep(user.email, user.password);
    await new ChallengePage(userPage).lockWithWrongCodes(user.setupKey!);

    await admin.goto(token);
    await admin.filterBy("2FA status", ["Locked"]);
    await expect(admin.page).toHaveURL(/status=locked/);
    await expect(admin.row(user.name)).toContainText("Locked");
    // Until when, and after how many wrong codes (issue 12, hazard 4).
    await expect(admin.row(user.name).getByTestId("lock-detail")).toHaveText(/^until .+ · 5 wrong codes$/);
    await admin.select(user.name);
    await admin.runBulk("Unlock");
    await expect(admin.message("Unlocked 1 user.")).toBeVisible();
    await expect(admin.page.getByText("No users match this search.")).toBeVisible();
    await admin.filterBy("2FA status", ["Active"]);
    await expect(admin.row(user.name)).toContainText("Active");
  });

  test("Add user: sends an invitation (no password on screen), a duplicate email gets a field error", async ({ adminPage: admin, org, members }) => {
    const token = uniqueToken();
    const email = `${token}@${org.slug}.test`;
    members.track({ email, name: `New ${token}` });
    await admin.addUser({ name: `New ${token}`, email });
    await admin.goto(token);
    await expect(admin.invitedBadge(`New ${token}`)).toBeVisible();
    if (canReadEmail()) await waitForEmail(email, /invited you to/);

    await admin.submitAddUser({ name: "Someone", email });
    await expect(admin.dialog.getByText("A user with this email address already exists.")).toBeVisible();
    await expect(admin.dialog.getByLabel("Name")).toHaveValue("Someone");
  });

  test("the audit log shows the admin's steps and exports them as CSV", async ({ adminPage: admin, org, members }) => {
    const token = uniqueToken();
    const user = await members.create({ name: `Audited ${token}` });
    await enableFor(admin, token, user);

    const audit = new AuditLogPage(admin.page);
    await audit.open();
    await audit.filterByUser(user.email);
    const event = audit.event(`${org.admin.name} enabled 2FA for ${user.name}`);
    await expect(event).toContainText(org.admin.email);
    await expect(event).toContainText(user.email);
    if (!remote) await expect(event).toContainText("127.0.0.1");

    const lines = await audit.exportCsv();
    expect(lines[0]).toBe("when,event,who,whom,ip,detail");
    expect(lines.some((line) => line.includes("two_factor.enabled_by_admin") && line.includes(user.email))).toBe(true);
    expect(lines.every((line) => line === lines[0] || line.includes(user.email))).toBe(true);
  });

  test("members get a 404 on the admin pages and a 403 on the export", async ({ page, member, signIn }) => {
    await signIn(page, member);
    for (const path of ["/admin/login-and-2fa", "/admin/audit"]) {
      expect((await page.goto(path))?.status()).toBe(404);
    }
    expect((await page.request.get("/admin/audit/export")).status()).toBe(403);
  });
});

test("select all users matching a search across pages and enable 2FA for them in one go", async ({ adminPage: admin, members, db }) => {
  const token = uniqueToken();
  for (let batch = 0; batch < 60; batch += 6) {
    await Promise.all(Array.from({ length: 6 }, (_, i) => members.create({ name: `Bulk ${token} ${String(batch + i).padStart(2, "0")}` })));
  }

  await admin.goto(token);
  await expect(admin.page.getByText("60 users")).toBeVisible();
  await expect(admin.rows()).toHaveCount(51);
  await admin.page.getByLabel("Select all users on this page").check();
  await expect(admin.selectionCount).toHaveText("50 selected on page 1");
  await admin.page.getByRole("button", { name: "Select all 60 matching" }).click();
  await expect(admin.selectionCount).toHaveText("All 60 matching selected");
  await admin.runBulk("Enable 2FA");
  await expect(admin.message("2FA enabled for 60 users.")).toBeVisible();
  expect(await db.user.count({ where: { name: { startsWith: `Bulk ${token} ` }, twoFactorStatus: "REQUIRED" } })).toBe(60);

  await admin.page.getByRole("button", { name: "Next" }).click();
  await expect(admin.page).toHaveURL(/after=/);
  await expect(admin.rows()).toHaveCount(11);
  await expect(admin.row(`Bulk ${token} 59`)).toContainText("Required");
});

test.describe("an organisation that requires 2FA of everyone", () => {
  test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

  test("an admin with 2FA confirms Disable 2FA with a current code or a backup code; the password alone is refused, also over HTTP", async ({
    page,
    org,
    members,
    signIn,
    db,
  }) => {
    const token = uniqueToken();
    const first = await members.create({ name: `Stepup ${token} one` });
    await members.create({ name: `Stepup ${token} two` });
    await signIn(page, org.admin); // enrols: the policy requires it of the admin too
    const { setupKey, backupCodes } = org.admin;
    const statusOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { twoFactorStatus: true } })).twoFactorStatus;

    // A hand-crafted call with the admin's right password, or with nothing, changes nothing.
    for (const confirmation of [{ method: "password", password: org.admin.password }, undefined]) {
      const crafted = await callServerAction(page.request, {
        page: "/admin/login-and-2fa",
        filename: "app/(app)/admin/login-and-2fa/actions.ts",
        exportedName: "runBulkAction",
        args: [{ action: "disable", target: { kind: "ids", ids: [first.id] }, confirmation }],
      });
      expect(crafted.body).toContain("your password alone is not enough");
      expect(crafted.body).not.toContain('"ok":true');
    }
    expect(await statusOf(first.id!)).toBe("REQUIRED");

    const admin = new AdminUsersPage(page);
    await admin.goto(token);
    await admin.select(`Stepup ${token} one`);
    await admin.openBulk("Disable 2FA");
    await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
    await expect(admin.dialog.getByLabel("Your password")).toHaveCount(0);
    const code = admin.dialog.getByLabel("Authentication code");
    await expect(code).toHaveAttribute("inputmode", "numeric");
    await expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await admin.confirmBulk("Disable 2FA", { code: "000000" });
    await expect(admin.dialog.getByRole("alert")).toContainText("That code is not valid");
    // A wrong code counts on the admin's own 2FA failure counter.
    expect((await db.user.findUniqueOrThrow({ where: { id: org.admin.id! }, select: { twoFactorFailures: true } })).twoFactorFailures).toBe(1);
    expect(await statusOf(first.id!)).toBe("REQUIRED");
    await admin.confirmBulk("Disable 2FA", { code: nextStepCode(setupKey!) });
    await expect(admin.message("2FA disabled for 1 user.")).toBeVisible();
    await expect(admin.row(`Stepup ${token} one`)).toContainText("Off");

    await admin.select(`Stepup ${token} two`);
    await admin.openBulk("Disable 2FA");
    await expect(admin.dialog.getByTestId("bulk-preview")).toContainText("This affects 1 user");
    await admin.confirmBulk("Disable 2FA", { backupCode: backupCodes![0]! });
    await expect(admin.message("2FA disabled for 1 user.")).toBeVisible();
    await expect(admin.row(`Stepup ${token} two`)).toContainText("Off");
  });
});

test("the policy requires 2FA for everyone with a grace period; users see a countdown, and meet the wizard once it ends", async ({
  adminPage: admin,
  member,
  newPage,
  clock,
}) => {
  await admin.savePolicy({ requireTwoFactor: true, graceDays: 3 });
  await expect(admin.message("Policy saved")).toBeVisible();

  const memberPage = await newPage({ as: member });
  await expect(memberPage.getByTestId("grace-banner")).toContainText("3 days");
  await memberPage.getByRole("link", { name: "Set up now" }).click();
  await expect(memberPage).toHaveURL(/\/settings\/security/);

  // Time control: the grace period ends now, and the next login goes to the wizard.
  await clock.moveGrace(member, "now");
  const later = await newPage();
  await new LoginPage(later).goto();
  await new LoginPage(later).submit(member.email, member.password);
  await expect(later).toHaveURL(/\/setup-2fa/);

  await admin.savePolicy({ requireTwoFactor: false });
  await expect(admin.message("no longer required")).toBeVisible();
});

test.describe("replaying admin server actions over HTTP", () => {
  const bulk = (ids: string[]) => ({
    page: "/admin/login-and-2fa",
    filename: "app/(app)/admin/login-and-2fa/actions.ts",
    exportedName: "runBulkAction",
    args: [{ action: "enable", target: { kind: "ids", ids } }],
  });

  for (const caller of ["a member of the organisation", "an admin of another organisation"] as const) {
    test(`${caller} is refused and nothing changes`, async ({ page, org, members, newOrg, signIn, db }) => {
      const victim = await members.create({ name: `Victim ${uniqueToken()}` });
      const attacker = caller === "a member of the organisation" ? await members.create() : (await newOrg()).admin;
      await signIn(page, attacker);

      const result = await callServerAction(page.request, bulk([victim.id!]));
      expect(result.body).toContain("FORBIDDEN");
      expect(result.body).not.toContain('"ok":true');

      if (caller === "a member of the organisation") {
        const policy = await callServerAction(page.request, {
          page: "/admin/login-and-2fa",
          filename: "app/(app)/admin/login-and-2fa/actions.ts",
          exportedName: "savePolicy",
          args: [{ requireTwoFactor: true, graceDays: 0 }],
        });
        expect(policy.body).toContain("FORBIDDEN");
      }

      const after = await db.user.findUniqueOrThrow({ where: { id: victim.id! }, select: { twoFactorStatus: true } });
      expect(after.twoFactorStatus).toBe("OFF");
      // Nothing audited about the victim since the operator created them.
      expect(await db.auditEvent.count({ where: { targetId: victim.id, type: { not: "user.created" } } })).toBe(0);
      const organisation = await db.organisation.findUniqueOrThrow({ where: { slug: org.slug } });
      expect(organisation.requireTwoFactor).toBe(false);
    });
  }
});
