import crypto from "node:crypto";
import { expect, test } from "./kit/fixtures";
import { VirtualAuthenticator } from "./kit/virtual-authenticator";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";

// Issue 15: passkeys at login. A member adds a passkey in Settings; at the next sign-in the
// challenge opens on it: an answer signed over a challenge the server never issued is refused
// like a wrong code, the real one signs in. Then, in another browser holding the same passkey,
// the passkey alone signs in (no password). One flow, to keep CI short.

test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

const OPTIONS_ROUTE = "**/api/login/passkey-options";

test("password and passkey (a forged answer refused first), then the passkey alone in another browser", async ({ member, newPage, totp, db }) => {
  // Enrolled with the app by the wizard at the first sign-in; then a passkey from Settings.
  const page = await newPage({ as: member });
  const authenticator = await VirtualAuthenticator.attach(page);
  const settings = new SecuritySettings(page);
  await settings.goto();
  await settings.addPasskey("Work laptop", { password: member.password, code: await totp.code(member) });
  expect(await authenticator.credentials()).toHaveLength(1);

  const shell = new AppShell(page);
  const login = new LoginPage(page);
  const challenge = new ChallengePage(page);
  await shell.signOut();
  await login.passwordStep(member.email, member.password);
  // The challenge opens on the passkey; the app's code and a backup code are one click away.
  await expect(challenge.passkey).toBeVisible();
  await expect(challenge.code).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Use your authenticator app" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use a backup code" })).toBeVisible();

  // A forged answer: the options are swapped on the way, so the passkey signs a challenge the server never issued.
  await page.route(OPTIONS_ROUTE, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { options: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, options: { ...body.options, challenge: crypto.randomBytes(32).toString("base64url") } } });
  });
  await challenge.usePasskey();
  await expect(challenge.error).toContainText("Your passkey's answer was not accepted.");
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.unroute(OPTIONS_ROUTE);

  // The real answer signs in.
  await challenge.usePasskey();
  await expect(shell.currentUser).toBeVisible();
  const events = await db.auditEvent.findMany({
    where: { targetId: member.id!, type: { in: ["two_factor.failed", "login.succeeded"] } },
    orderBy: { createdAt: "desc" },
    select: { type: true, detail: true },
    take: 2,
  });
  expect(events.map((event) => [event.type, JSON.parse(event.detail ?? "{}").method])).toEqual([
    ["login.succeeded", "passkey"],
    ["two_factor.failed", "passkey"],
  ]);

  // Another browser with the same passkey (a synced one): no password, no code.
  const other = await newPage();
  await authenticator.copyTo(other);
  await new LoginPage(other).signInWithPasskey();
  await expect(new AppShell(other).currentUser).toBeVisible();
  const [session] = await db.session.findMany({
    where: { userId: member.id! },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { secondFactor: true },
  });
  expect(session?.secondFactor).toBe("passkey");
});
