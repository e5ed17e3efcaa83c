import { expect, test } from "./kit/fixtures";
import { nextStepCode } from "./kit/totp";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";
import { SetupWizard } from "./pages/setup-wizard";

test("a user turns 2FA on from Settings > Security and needs a code at the next login", { tag: "@remote" }, async ({ page, member, signIn }) => {
  await signIn(page, member);
  const { setupKey } = await new SecuritySettings(page).setUp();
  await new AppShell(page).signOut();
  await new LoginPage(page).submit(member.email, member.password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await new ChallengePage(page).enterCode(nextStepCode(setupKey));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("regenerating backup codes needs the password and a code, and kills the old codes", { tag: "@remote" }, async ({ page, member, signIn }) => {
  await signIn(page, member);
  const settings = new SecuritySettings(page);
  const { setupKey, backupCodes: oldCodes } = await settings.setUp();

  await settings.openRegenerate();
  await settings.reauthenticate("Regenerate backup codes", "wrong-password", nextStepCode(setupKey));
  await expect(settings.error).toHaveText("That password is not right.");

  await settings.reauthenticate("Regenerate backup codes", member.password, nextStepCode(setupKey));
  await expect(page.getByTestId("backup-codes")).toBeVisible();
  const newCodes = await new SetupWizard(page).savedBackupCodes();
  expect(newCodes.filter((code) => oldCodes.includes(code))).toEqual([]);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(settings.unusedBackupCodes).toContainText("10 of 10");

  await new AppShell(page).signOut();
  await new LoginPage(page).submit(member.email, member.password);
  const challenge = new ChallengePage(page);
  await challenge.enterBackupCode(oldCodes[0]!);
  await expect(challenge.error).toContainText("That backup code is not valid, or it has been used already.");
  await challenge.backupCode.fill(newCodes[0]!);
  await challenge.verify.click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("signing out other sessions ends them and keeps this one", async ({ page, member, signIn, newPage, db }) => {
  const other = await newPage({ as: member });

  await signIn(page, member);
  // It asks first (issue 12, hazard 5): Cancel ends nothing.
  const settings = new SecuritySettings(page);
  await settings.goto();
  await page.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("This one stays signed in.");
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await other.goto("/dashboard");
  await expect(other.getByTestId("current-user")).toBeVisible();

  await settings.signOutOtherSessions();
  await page.goto("/dashboard");
  await expect(page.getByTestId("current-user")).toBeVisible();

  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  expect(await db.auditEvent.count({ where: { targetId: member.id, type: "sessions.revoked" } })).toBe(1);
});

test("claims sent through the session update endpoint are ignored", { tag: "@remote" }, async ({ page, member, signIn }) => {
  await signIn(page, member);
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.request.post("/api/auth/session", {
    data: { csrfToken, data: { role: "ADMIN", stage: "complete", uid: "someone-else", sv: 99 } },
  });
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { id: string; role: string } };
  // (A member made through a remote server's Add user has no known id: then only "not the claimed one".)
  expect(session.user).toMatchObject({ id: member.id ?? expect.not.stringMatching(/^someone-else$/), role: "MEMBER" });
  const response = await page.goto("/admin/login-and-2fa");
  expect(response?.status()).toBe(404);
});

test(
  "changing the authenticator app needs the password and a current code; afterwards only the new app works",
  { tag: "@remote" },
  async ({ page, member, signIn }) => {
    await signIn(page, member);
    const settings = new SecuritySettings(page);
    const { setupKey: oldKey } = await settings.setUp();

    await settings.openChangeApp();
    await settings.reauthenticate("Continue", member.password, nextStepCode(oldKey));
    const wizard = new SetupWizard(page);
    const { setupKey: newKey } = await wizard.readSecrets(); // past the wizard's "install an app" step
    expect(newKey).not.toBe(oldKey);
    await wizard.confirm(newKey);
    await expect(settings.message).toContainText("Your new authenticator app is set up.");

    await new AppShell(page).signOut();
    await new LoginPage(page).submit(member.email, member.password);
    await expect(page).toHaveURL(/\/login\/verify/);
    const challenge = new ChallengePage(page);
    await challenge.enterCode(nextStepCode(oldKey) === nextStepCode(newKey) ? "000000" : nextStepCode(oldKey));
    await expect(challenge.error).toContainText("That code is not valid");
    await challenge.enterCode(nextStepCode(newKey));
    await expect(page).toHaveURL(/\/dashboard$/);
  },
);
