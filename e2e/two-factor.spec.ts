import { expect, test } from "./kit/fixtures";
import { callServerAction } from "./kit/server-actions";
import { nextStepCode, wrongCode } from "./kit/totp";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";

// Every user of these organisations is Required: they meet the wizard at their first login.
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

test("a Required user sets up 2FA in the wizard and lands in the app", async ({ page, member, signIn, db }) => {
  await signIn(page, member);
  await expect(page).toHaveURL(/\/dashboard$/);

  const settings = new SecuritySettings(page);
  await settings.goto();
  await expect(settings.status).toHaveText("Active");
  await expect(settings.unusedBackupCodes).toContainText("10 of 10");
  const events = await db.auditEvent.findMany({ where: { targetId: member.id, type: "two_factor.enrolled" } });
  expect(events).toHaveLength(1);
});

test("the wizard's pages are never cached and the secret is not in a URL", async ({ page, member }) => {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(member.email, member.password);
  await expect(page).toHaveURL(/\/setup-2fa/);
  const response = await page.reload();
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await page.getByRole("button", { name: "Continue" }).click();
  const setupKey = (await page.getByTestId("setup-key").textContent())!.replace(/\s+/g, "");
  expect(urls.some((url) => url.includes(setupKey))).toBe(false);
});

test("an enrolled user signs in with a TOTP code", async ({ page, member, signIn }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();

  await new LoginPage(page).passwordStep(member.email, member.password);
  await new ChallengePage(page).enterCode(nextStepCode(member.setupKey!));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a backup code signs in once; the same code again fails", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true, as: member });
  const shell = new AppShell(page);
  await shell.signOut();

  const login = new LoginPage(page);
  const challenge = new ChallengePage(page);
  await login.passwordStep(member.email, member.password);
  await challenge.enterBackupCode(member.backupCodes![0]!.toLowerCase());
  await expect(page).toHaveURL(/\/dashboard$/);
  const settings = new SecuritySettings(page);
  await settings.goto();
  await expect(settings.unusedBackupCodes).toContainText("9 of 10");
  await shell.signOut();

  await login.passwordStep(member.email, member.password);
  await challenge.enterBackupCode(member.backupCodes![0]!);
  await expect(challenge.error).toContainText("That backup code is not valid, or it has been used already.");
  await expect(page).toHaveURL(/\/login\/verify/);
});

test("a wrong code shows a clear error and five of them lock the 2FA step", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true, as: member });
  await new AppShell(page).signOut();

  await new LoginPage(page).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(page);
  // Four answers "That code is not valid", the fifth "locked for at least 15 minutes".
  await challenge.lockWithWrongCodes(member.setupKey!);
  // The user is told until when (issue 12, hazard 4), in their own time zone.
  await expect(challenge.error).toContainText(/until \d{1,2}:\d{2}/);
  // Locked: even the right code is refused now.
  await challenge.enterCode(nextStepCode(member.setupKey!));
  await expect(challenge.error).toContainText("locked");
  await expect(page).toHaveURL(/\/login\/verify/);
});

test("once the lock's time has passed (the operator's expire-lock), the right code signs in", async ({ member, newPage, clock, totp }) => {
  const page = await newPage({ ownAddress: true, as: member });
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(page);
  await challenge.lockWithWrongCodes(member.setupKey!);

  await clock.expireLock(member);
  await challenge.enterCode(await totp.code(member));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("during the pending 2FA step, app pages and app server actions give nothing", async ({ page, member, signIn, db }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);

  for (const path of ["/dashboard", "/settings/security", "/admin/login-and-2fa"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\/verify/);
    await expect(page.getByTestId("current-user")).toHaveCount(0);
  }

  const revoked = () => db.session.count({ where: { userId: member.id!, revokedAt: { not: null } } });
  const before = await revoked();
  const call = await callServerAction(page.request, {
    page: "/settings/security",
    filename: "app/(app)/settings/security/actions.ts",
    exportedName: "signOutOtherSessions",
    args: [],
  });
  expect(call.body).not.toContain('"ok":true');
  expect(await revoked()).toBe(before);

  const session = await page.request.get("/api/auth/session");
  const body = await session.text();
  expect(body).not.toContain(member.email);
});

test("the same TOTP code cannot be used for a second sign-in within its step", async ({ page, member, signIn, newPage }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();

  const code = nextStepCode(member.setupKey!);
  await new LoginPage(page).passwordStep(member.email, member.password);
  await new ChallengePage(page).enterCode(code);
  await expect(page).toHaveURL(/\/dashboard$/);

  const second = await newPage({ ownAddress: true });
  await new LoginPage(second).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(second);
  await challenge.enterCode(code);
  await expect(challenge.error).toContainText("That code is not valid");
});

// Issue 12, hazard 4: an error belongs to the form it answered.
test("a wrong app code's error stays with the app-code form; a wrong backup code says it is the backup code", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true, as: member });
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(page);
  await challenge.enterCode(wrongCode(member.setupKey!));
  await expect(challenge.error).toContainText("That code is not valid. Check your authenticator app");

  await page.getByRole("button", { name: "Use a backup code" }).click();
  await expect(challenge.backupCode).toBeVisible();
  await expect(challenge.error).toHaveCount(0);
  await challenge.backupCode.fill("AAAA-AAAA-AAAA-AAAA");
  await challenge.verify.click();
  await expect(challenge.error).toHaveText("That backup code is not valid, or it has been used already. Check it and try again.");
});
