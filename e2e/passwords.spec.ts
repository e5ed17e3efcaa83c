// Issue 13, "Passwords": forgot password (a single-use emailed link that never signs in, 2FA
// still asked next), the same answer for unknown addresses, and change password in settings.
import { expect, test } from "./kit/fixtures";
import { newPassword, uniqueToken } from "./kit/accounts";
import { emailsTo, linkIn, waitForEmail } from "./kit/mailbox";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { ForgotPasswordPage } from "./pages/forgot-password-page";
import { LoginPage } from "./pages/login-page";
import { ResetPasswordPage } from "./pages/reset-password-page";
import { SecuritySettings } from "./pages/security-settings";

test("forgot password: the emailed link sets a new password once, does not sign in, and the login still asks for the code", async ({
  page,
  member,
  signIn,
  newPage,
  totp,
}) => {
  // A user with 2FA on.
  await signIn(page, member);
  Object.assign(member, await new SecuritySettings(page).setUp(), { lastStep: Math.floor(Date.now() / 30_000) });
  await new AppShell(page).signOut();

  // From the login page's link (a network of its own: the per-network limit stays this test's).
  const forgot = new ForgotPasswordPage(await newPage({ ownAddress: true }));
  await forgot.openFromLogin();
  await forgot.requestLink(member.email);
  const email = await waitForEmail(member.email, /Reset your Twofold password/);
  const link = linkIn(email, "/reset-password");

  const reset = new ResetPasswordPage(page);
  const response = await reset.open(link);
  // The token is in the URL: never cached, never in a Referer beyond the origin.
  expect(response?.headers()).toMatchObject({ "cache-control": expect.stringContaining("no-store"), "referrer-policy": "strict-origin" });
  await reset.choose("password123");
  await expect(reset.newPassword).toHaveAccessibleDescription(/one of the most commonly used passwords/);
  const chosen = newPassword();
  await reset.choose(chosen, `${chosen}x`);
  await expect(reset.confirmPassword).toHaveAccessibleDescription(/The two passwords are not the same/);
  await reset.choose(chosen);
  await reset.expectDone();
  await expect(new AppShell(page).currentUser).toHaveCount(0);
  await waitForEmail(member.email, /Your password was reset/);

  // The link worked once.
  await reset.open(link);
  await expect(reset.noLongerValid).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

  // The old password is refused; the new one leads to the second factor, not straight in.
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(member.email, member.password);
  await expect(login.error).toHaveText("Incorrect email or password.");
  await login.submit(member.email, chosen);
  await expect(page).toHaveURL(/\/login\/verify/);
  await new ChallengePage(page).enterCode(await totp.code(member));
  await expect(new AppShell(page).currentUser).toBeVisible();
});

test("forgot password: an unknown address gets the same answer and no email", async ({ member, newPage }) => {
  const forgot = new ForgotPasswordPage(await newPage({ ownAddress: true }));
  const unknown = `nobody-${uniqueToken()}@example.test`;
  await forgot.goto();
  await forgot.requestLink(unknown);
  // A known address asked for after it: once its email is here, the outbox has sent everything before it.
  await forgot.goto();
  await forgot.requestLink(member.email);
  await waitForEmail(member.email, /Reset your Twofold password/);
  expect(await emailsTo(unknown)).toEqual([]);
});

test("change password in settings: the current password is checked, other sessions end, this one stays, and an email says so", async ({
  page,
  member,
  signIn,
  newPage,
}) => {
  await signIn(page, member);
  const other = await newPage({ as: member });
  const settings = new SecuritySettings(page);
  await settings.goto();

  const chosen = newPassword();
  await settings.changePassword({ current: "not-my-password", next: chosen });
  await expect(settings.error).toHaveText("That password is not right.");
  await settings.changePassword({ current: member.password, next: chosen });
  await expect(settings.passwordChanged).toContainText("1 other session was signed out.");
  await waitForEmail(member.email, /Your password was changed/);

  // The other browser is signed out; this one goes on.
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  await page.goto("/dashboard");
  await expect(new AppShell(page).currentUser).toBeVisible();

  // The new password is the one that works now.
  await new AppShell(page).signOut();
  const login = new LoginPage(page);
  await login.submit(member.email, member.password);
  await expect(login.error).toHaveText("Incorrect email or password.");
  await login.submit(member.email, chosen);
  await expect(new AppShell(page).currentUser).toBeVisible();
});
