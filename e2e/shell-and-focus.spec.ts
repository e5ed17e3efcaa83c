import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./kit/fixtures";
import { currentCode, wrongCode } from "./kit/totp";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";
import { SetupWizard } from "./pages/setup-wizard";

// Issue 12: a skip link, one <main> with landmarks on every page, focus on errors and on each
// wizard step, the "2FA is on" confirmation, and the side panel behind a Menu button on a phone.

/** Tab from the top of a freshly loaded page: the skip link first; Enter puts focus in main. */
async function expectSkipLinkFirst(page: Page) {
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  // Shown while focused (not a 1 px screen-reader-only box).
  expect((await skip.boundingBox())!.width).toBeGreaterThan(40);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
}

async function expectLandmarks(page: Page, landmarks: { nav: boolean }) {
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("banner")).toHaveCount(1);
  if (landmarks.nav) await expect(page.getByRole("navigation").first()).toBeVisible();
}

/** Every backup code on one line, and the list no wider than its box. */
async function expectCodesUnbroken(codes: Locator) {
  const lines = await codes.evaluateAll((items) =>
    items.map((item) => {
      const range = document.createRange();
      range.selectNodeContents(item);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    }),
  );
  expect(lines).toHaveLength(10);
  for (const count of lines) expect(count).toBe(1);
}

test("Tab reaches the skip link first on the login page, a signed-in page and the 404 page, and each has one main", async ({
  page,
  member,
  signIn,
}) => {
  await new LoginPage(page).goto();
  await expectLandmarks(page, { nav: false });
  await expectSkipLinkFirst(page);

  await signIn(page, member);
  await page.goto("/settings");
  await expectLandmarks(page, { nav: true });
  await expectSkipLinkFirst(page);

  // A member on an admin page gets the not-found page: it has the landmarks too.
  const response = await page.goto("/admin/login-and-2fa");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectLandmarks(page, { nav: true });
  await expectSkipLinkFirst(page);

  // An unknown address: the standalone page brings its own banner, navigation and main.
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectLandmarks(page, { nav: true });
  await expectSkipLinkFirst(page);
});

test("a failed login moves focus to its error", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true });
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(member.email, "not-the-password");
  await expect(login.error).toContainText("Incorrect email or password.");
  await expect(login.error).toBeFocused();
  // A second failure moves it there again (the user had gone back to the fields).
  await login.submit(member.email, "still-not-the-password");
  await expect(login.error).toBeFocused();
});

test("a wrong code or backup code at the challenge moves focus to its error", async ({ member, newPage }) => {
  const { setupKey } = await new SecuritySettings(await newPage({ as: member })).setUp();
  const page = await newPage({ ownAddress: true });
  await new LoginPage(page).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(page);
  await challenge.enterCode(wrongCode(setupKey));
  await expect(challenge.error).toContainText("That code is not valid");
  await expect(challenge.error).toBeFocused();

  await challenge.enterBackupCode("AAAA-AAAA-AAAA-AAAA");
  await expect(challenge.error).toContainText("That backup code is not valid");
  await expect(challenge.error).toBeFocused();
});

test.describe("when the organisation requires 2FA", () => {
  test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

  test("each wizard step focuses its heading, a wrong code focuses the error, and enrolment ends on '2FA is on' with 10 of 10 codes left", async ({
    member,
    newPage,
  }) => {
    const page = await newPage({ ownAddress: true });
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(member.email, member.password);
    const wizard = new SetupWizard(page);
    await wizard.expectLoginWizard();

    // The confirmation needs a session that passed the second factor: this one has not yet.
    await page.goto("/two-factor/enabled");
    await expect(page).toHaveURL(/\/setup-2fa\?callbackUrl=%2Ftwo-factor%2Fenabled$/);
    await expect(wizard.enabledHeading).toHaveCount(0);
    await page.goto("/setup-2fa");

    const { setupKey } = await wizard.readSecrets();
    await expect(page.getByRole("heading", { name: "2. Scan the QR code" })).toBeFocused();

    await page.getByLabel("I have saved my backup codes").check();
    await page.getByLabel("Authentication code").fill(wrongCode(setupKey));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(wizard.error).toContainText("That code is not valid");
    await expect(wizard.error).toBeFocused();

    await page.getByLabel("Authentication code").fill(await currentCode(setupKey));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(wizard.enabledHeading).toBeFocused();
    await expect(page).toHaveURL(/\/two-factor\/enabled$/);
    await expect(wizard.backupCodesLeft).toContainText("10 of 10");
    await expect(page.getByText("ask an admin of")).toBeVisible();
    await expect(page.getByText("Use a backup code")).toBeVisible();
    await wizard.continue();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("the confirmation's Continue goes back to the page the login started from", async ({ member, newPage }) => {
    const page = await newPage({ ownAddress: true });
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings$/);
    await new LoginPage(page).submit(member.email, member.password);
    const wizard = new SetupWizard(page);
    const { setupKey } = await wizard.readSecrets();
    await wizard.confirm(setupKey);
    await expect(page).toHaveURL(/\/two-factor\/enabled\?callbackUrl=%2Fsettings$/);
    await wizard.continue();
    await expect(page).toHaveURL(/\/settings$/);
  });

  test("at 390 px the backup codes never wrap mid-code", async ({ member, newPage }) => {
    const page = await newPage({ ownAddress: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(member.email, member.password);
    const wizard = new SetupWizard(page);
    await wizard.readSecrets();
    await expectCodesUnbroken(wizard.backupCodes);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test("voluntary set-up in Security settings focuses the first step's heading and ends on the confirmation", async ({ page, member, signIn }) => {
  await signIn(page, member);
  const settings = new SecuritySettings(page);
  await settings.goto();
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("heading", { name: "1. Install an authenticator app" })).toBeFocused();
  const wizard = new SetupWizard(page);
  const { setupKey } = await wizard.readSecrets();
  await wizard.confirm(setupKey);
  await expect(wizard.backupCodesLeft).toContainText("10 of 10");
  await wizard.continue();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(settings.status).toHaveText("Active");
});

test("a failed re-authentication in Security settings moves focus to its error", async ({ page, member, signIn }) => {
  await signIn(page, member);
  const settings = new SecuritySettings(page);
  await settings.setUp();
  await settings.openRegenerate();
  await settings.reauthenticate("Regenerate backup codes", "not-the-password", "000000");
  await expect(settings.error).toBeVisible();
  await expect(settings.error).toBeFocused();
});

test("on a 390 px phone the Menu button opens the side panel, a link in it navigates and closes it", async ({ page, member, signIn }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, member);
  await page.goto("/dashboard");
  const shell = new AppShell(page);
  await expect(shell.nav).toBeHidden();

  const menu = shell.menuButton;
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const box = (await menu.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.width).toBeGreaterThanOrEqual(44);
  // The header fits: Sign out is on screen and nothing scrolls sideways.
  const signOut = page.getByRole("button", { name: "Sign out", exact: true });
  const signOutBox = (await signOut.boundingBox())!;
  expect(signOutBox.x + signOutBox.width).toBeLessThanOrEqual(390);
  expect(signOutBox.height).toBeGreaterThanOrEqual(44);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const nav = await shell.openMenu();
  const panel = shell.menuPanel;
  await expect(panel).toBeVisible();
  await expect(menu).toHaveAttribute("aria-controls", (await panel.getAttribute("id"))!);
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(panel).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});
