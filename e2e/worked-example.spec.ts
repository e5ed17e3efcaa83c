import { expect, test } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";

test("admin enables 2FA for two fresh users, both enrol, one uses a backup code", { tag: "@remote" }, async ({ adminPage, members, newPage }) => {
  const token = uniqueToken();
  const [ann, ben] = [await members.create({ name: `Ann ${token}` }), await members.create({ name: `Ben ${token}` })];
  await adminPage.goto(token);
  await adminPage.select(ann.name, ben.name);
  await adminPage.runBulk("Enable 2FA");
  await expect(adminPage.message("2FA enabled for 2 users.")).toBeVisible();

  // Both meet the set-up wizard at their next login: `as` signs in and enrols them.
  const annPage = await newPage({ as: ann });
  await newPage({ as: ben });
  await new AppShell(annPage).signOut();
  await new LoginPage(annPage).passwordStep(ann.email, ann.password);
  await new ChallengePage(annPage).enterBackupCode(ann.backupCodes![0]!);
  await expect(annPage).toHaveURL(/\/dashboard$/);

  await adminPage.goto(token);
  for (const user of [ann, ben]) await expect(adminPage.row(user.name)).toContainText("Active");
});
