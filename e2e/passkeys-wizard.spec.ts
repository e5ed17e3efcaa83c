import { expect, test } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import { VirtualAuthenticator } from "./kit/virtual-authenticator";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";
import { SetupWizard } from "./pages/setup-wizard";

// Issue 15: a wizard enrolment with a passkey only, as a Required user sees it at login, and the
// admin's side of it (the Methods column; Reset takes the passkey too). One flow, one test.
test("a Required user enrols with a passkey only in the login wizard; the admin sees it, and Reset removes it", async ({
  adminPage: admin,
  org,
  members,
  newPage,
  db,
}) => {
  const token = uniqueToken();
  const user = await members.create({ name: `Wizard ${token}` });
  await admin.goto(token);
  await admin.select(user.name);
  await admin.runBulk("Enable 2FA");
  await expect(admin.row(user.name)).toContainText("Required");

  const page = await newPage({ ownAddress: true });
  const authenticator = await VirtualAuthenticator.attach(page);
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(user.email, user.password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  await wizard.usePasskeyInstead();
  await wizard.completeWithPasskey("Test laptop");
  await wizard.continue();
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);

  const settings = new SecuritySettings(page);
  await settings.goto();
  await expect(settings.status).toHaveText("Active");
  await expect(page.getByTestId("two-factor-methods")).toHaveText("Set up: Passkey.");
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();

  await admin.goto(token);
  await expect(admin.row(user.name)).toContainText("Active");
  await expect(await admin.methods(user.name)).toHaveText("Passkey");

  await admin.select(user.name);
  await admin.runBulk("Reset 2FA", { password: org.admin.password });
  await expect(admin.message("2FA reset for 1 user.")).toBeVisible();
  await expect(await admin.methods(user.name)).toHaveText("None");
  expect(await db.webAuthnCredential.count({ where: { user: { email: user.email } } })).toBe(0);
});

// The voluntary set-up in Settings: a passkey signs in on its own, so the session alone does not
// add one; the current password is asked first.
test("a member sets up 2FA in Settings with a passkey only, confirming their password first", async ({ member, signIn, newPage }) => {
  const page = await newPage();
  await signIn(page, member);
  await VirtualAuthenticator.attach(page);
  const settings = new SecuritySettings(page);
  await settings.goto();
  await expect(settings.status).toHaveText("Off");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const wizard = new SetupWizard(page);
  await wizard.usePasskeyInstead();
  await page.getByLabel("I have saved my backup codes").check();
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Create passkey" }).click();
  await expect(page.getByText("That password is not right.")).toBeVisible();
  await wizard.completeWithPasskey("Desk laptop", { password: member.password });
  await wizard.continue();
  await expect(settings.status).toHaveText("Active");
  await expect(page.getByTestId("two-factor-methods")).toHaveText("Set up: Passkey.");
});
