import crypto from "node:crypto";
import { expect, test } from "./kit/fixtures";
import { proxiedUrl, uniqueIp } from "./kit/network";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";

// Issue 14, item 3: "Remember this browser". An admin lets users trust a browser for 30 days; a
// user who ticks it is asked only for the password there, a second browser is still asked for
// the code, and Forget in Settings ends it.

test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

test("a trusted browser skips the code, a second browser does not, and Forget ends it", async ({ adminPage, org, member, newPage, totp, db }) => {
  // The admin (enrolled by the policy) lets browsers be trusted for 30 days: stepped up with a code.
  await adminPage.setTrustedBrowserDays("30 days", { code: await totp.code(org.admin) });
  await expect(adminPage.message("Users can now trust a browser for 30 days.")).toBeVisible();

  // The member enrols at their first sign-in, then signs in again and trusts this browser.
  const page = await newPage({ as: member });
  const shell = new AppShell(page);
  const login = new LoginPage(page);
  const challenge = new ChallengePage(page);
  await shell.signOut();
  await login.passwordStep(member.email, member.password);
  await challenge.trustThisBrowser(30);
  await challenge.enterCode(await totp.code(member));
  await expect(shell.currentUser).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === "twofold.trusted-browser");
  expect(cookie, "the trusted-browser cookie").toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
  // The server keeps only the token's hash.
  const [stored] = await db.trustedDevice.findMany({ where: { userId: member.id! } });
  expect(stored?.tokenHash).toBe(crypto.createHash("sha256").update(cookie!.value).digest("base64url"));

  // Signed out and in again in the same browser: the password alone.
  await shell.signOut();
  await login.goto();
  await login.submit(member.email, member.password);
  await expect(shell.currentUser).toBeVisible();
  await expect(page).not.toHaveURL(/\/login\/verify/);

  // A second browser is asked for the code.
  const other = await newPage();
  await new LoginPage(other).passwordStep(member.email, member.password);
  await expect(new ChallengePage(other).code).toBeVisible();

  // Settings lists it as this browser; Forget ends it.
  const settings = new SecuritySettings(page);
  await settings.goto();
  await expect(settings.trustedBrowserRows()).toHaveCount(1);
  const row = settings.trustedBrowserRows().filter({ hasText: "This browser" });
  await expect(row).toContainText(/Chrom/);
  await settings.forgetTrustedBrowser(row);
  await expect(settings.trustedBrowsersSection.getByText("No trusted browsers.")).toBeVisible();

  await shell.signOut();
  await login.passwordStep(member.email, member.password);
  await expect(challenge.code).toBeVisible();
  expect(await db.trustedDevice.count({ where: { userId: member.id! } })).toBe(0);
  expect(await db.auditEvent.count({ where: { targetId: member.id, type: "trusted_browser.added" } })).toBe(1);
  expect(await db.auditEvent.count({ where: { targetId: member.id, type: "trusted_browser.forgotten" } })).toBe(1);
});

test("the checkbox appears only while the organisation allows trusted browsers; an admin can forget a user's", async ({
  adminPage,
  org,
  member,
  newPage,
  totp,
}) => {
  const page = await newPage({ as: member });
  const shell = new AppShell(page);
  const login = new LoginPage(page);
  const challenge = new ChallengePage(page);
  await shell.signOut();
  await login.passwordStep(member.email, member.password);
  await expect(challenge.code).toBeVisible();
  await expect(challenge.trustBrowser).toHaveCount(0);

  await adminPage.setTrustedBrowserDays("7 days", { code: await totp.code(org.admin) });
  await page.reload();
  await challenge.trustThisBrowser(7);
  await challenge.enterCode(await totp.code(member));
  await expect(shell.currentUser).toBeVisible();

  await adminPage.goto(member.email);
  await adminPage.rowDeviceAction(member.name, "Forget trusted browsers");
  await expect(adminPage.message(`1 trusted browser of ${member.name} forgotten`)).toBeVisible();

  await shell.signOut();
  await login.passwordStep(member.email, member.password);
  await expect(challenge.code).toBeVisible();
});

test("behind TLS the cookie is __Host- and Secure, and it is read under that name", async ({ browser, adminPage, org, member, newPage, totp }) => {
  await adminPage.setTrustedBrowserDays("7 days", { code: await totp.code(org.admin) });
  await newPage({ as: member }); // enrols (the policy requires 2FA)
  // A browser whose requests arrive through the trusted proxy as https.
  const context = await browser.newContext({
    baseURL: proxiedUrl(),
    extraHTTPHeaders: { "X-Forwarded-For": uniqueIp(), "X-Forwarded-Proto": "https" },
  });
  try {
    const page = await context.newPage();
    const login = new LoginPage(page);
    const challenge = new ChallengePage(page);
    const shell = new AppShell(page);
    await login.passwordStep(member.email, member.password);
    await challenge.trustThisBrowser(7);
    await challenge.enterCode(await totp.code(member));
    await expect(shell.currentUser).toBeVisible();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "twofold.trusted-browser")).toBeUndefined();
    expect(cookies.find((c) => c.name === "__Host-twofold.trusted-browser")).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
    });

    await shell.signOut();
    await login.goto();
    await login.submit(member.email, member.password);
    await expect(shell.currentUser).toBeVisible();
    await expect(page).not.toHaveURL(/\/login\/verify/);
  } finally {
    await context.close();
  }
});
