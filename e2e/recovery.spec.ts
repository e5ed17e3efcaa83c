import { expect, test } from "./kit/fixtures";
import { canReadEmail, waitForEmail } from "./kit/mailbox";
import { nextStepCode } from "./kit/totp";
import { AdminUsersPage } from "./pages/admin-users-page";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { RecoveryRequestPage } from "./pages/recovery-request-page";
import { SetupWizard } from "./pages/setup-wizard";

// Lost phone and backup codes (issue 14): a recovery request, an admin's temporary access code,
// a forced re-enrolment, and the old secret and codes refused afterwards.
// Everyone here enrols at their first sign-in (the admin too: their step-up is a code).
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

test("request → admin issues a temporary access code → the user signs in with it, enrols again, and the old codes are refused", async ({
  org,
  member,
  newPage,
  totp,
  db,
}) => {
  // The user enrols, then loses phone and backup codes.
  const userPage = await newPage({ ownAddress: true, as: member });
  const old = { setupKey: member.setupKey!, backupCodes: [...member.backupCodes!] };
  await new AppShell(userPage).signOut();

  const login = new LoginPage(userPage);
  const challenge = new ChallengePage(userPage);
  await login.passwordStep(member.email, member.password);
  await challenge.lostEverything.click();
  const recovery = new RecoveryRequestPage(userPage);
  await recovery.expectOpen();
  await recovery.sendRequest("Phone fell in the lake. Call me on my desk phone.");
  await expect(recovery.sentNotice).toContainText("Your admins have been told");
  await expect(userPage.getByText("give you a temporary access code")).toBeVisible();
  // Sending again says it was already sent, and sends nothing new.
  await userPage.reload();
  await expect(recovery.sentNotice).toContainText("You already asked on");
  if (canReadEmail()) await waitForEmail(org.admin.email, /asks for help signing in/);

  // The admin sees the request (and its count beside Login and 2FA), and issues a code with their own code as step-up.
  const admin = new AdminUsersPage(await newPage({ as: org.admin }));
  await admin.goto();
  await expect(new AppShell(admin.page).nav.getByRole("link", { name: "Login and 2FA, 1 open recovery request" })).toBeVisible();
  await expect(admin.recoveryRequest(member.name)).toContainText("Phone fell in the lake");
  await admin.openIssueFromRequest(member.name);
  const code = await admin.issueTemporaryCode({ hours: 2, confirmation: { code: await totp.code(org.admin) } });
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  await expect(admin.dialog).toContainText("It works once, until");
  await admin.closeIssuedCode();
  await expect(admin.recoverySection).toContainText("No open recovery requests.");
  await expect(new AppShell(admin.page).nav.getByRole("link", { name: "Login and 2FA", exact: true })).toBeVisible();

  // The user signs in with the password and the code, and must set up a new authenticator first.
  await login.passwordStep(member.email, member.password);
  await challenge.enterTemporaryCode(code);
  const wizard = new SetupWizard(userPage);
  await wizard.expectLoginWizard();
  // Nothing else answers meanwhile: any page leads back to the wizard.
  await userPage.goto("/dashboard");
  await expect(userPage).toHaveURL(/\/setup-2fa/);
  Object.assign(member, await wizard.complete());
  member.lastStep = Math.floor(Date.now() / 30_000);
  await expect(new AppShell(userPage).currentUser).toBeVisible();
  expect(member.setupKey).not.toBe(old.setupKey);

  const used = await db.auditEvent.count({ where: { targetId: member.id!, type: "two_factor.temporary_code_used" } });
  expect(used).toBe(1);

  // Next sign-in: the old backup codes, the old authenticator and the used code are refused; the new authenticator works.
  await new AppShell(userPage).signOut();
  await login.passwordStep(member.email, member.password);
  await challenge.enterBackupCode(old.backupCodes[0]!);
  await challenge.answered();
  await expect(challenge.error).toContainText("That backup code is not valid");
  await challenge.page.getByRole("button", { name: "Use your authenticator app" }).click();
  await challenge.enterCode(nextStepCode(old.setupKey));
  await challenge.answered();
  await expect(challenge.error).toContainText("That code is not valid");
  await challenge.enterTemporaryCode(code);
  await challenge.answered();
  await expect(challenge.error).toContainText("That temporary access code is not valid");
  await challenge.page.getByRole("button", { name: "Use your authenticator app" }).click();
  await challenge.enterCode(await totp.code(member));
  await expect(new AppShell(userPage).currentUser).toBeVisible();
});

test("an admin issues a code from a user's row; a code typed into the Backup code field works too", async ({ org, member, newPage, totp }) => {
  const userPage = await newPage({ ownAddress: true, as: member });
  await new AppShell(userPage).signOut();

  const admin = new AdminUsersPage(await newPage({ as: org.admin }));
  await admin.goto(member.name);
  await admin.rowAction(member.name, "Issue temporary access code");
  const code = await admin.issueTemporaryCode({ confirmation: { code: await totp.code(org.admin) } });
  await expect(admin.dialog).toContainText("It works once, until");
  await admin.closeIssuedCode();

  // The admin's own row offers no code for themself.
  await admin.goto(org.admin.name);
  await admin.openRowActions(org.admin.name);
  await expect(admin.page.getByRole("menuitem", { name: "Issue temporary access code" })).toHaveCount(0);

  const login = new LoginPage(userPage);
  await login.passwordStep(member.email, member.password);
  await new ChallengePage(userPage).enterBackupCode(code);
  await new SetupWizard(userPage).expectLoginWizard();
});
