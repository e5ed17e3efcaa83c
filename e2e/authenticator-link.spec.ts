import { expect, test } from "./kit/fixtures";
import { LoginPage } from "./pages/login-page";
import { SetupWizard } from "./pages/setup-wizard";

// Issue 14 §5: on a phone the wizard offers the otpauth:// link besides the QR code, and the
// entry names the organisation. The link is the one URL a secret may be in: the page is never
// cached, sends no path in a Referer, and the secret goes to no http(s) URL.
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

test("at 390 px the wizard offers Open in authenticator app, an otpauth link naming the organisation", async ({ page, member, org }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(member.email, member.password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  const response = await page.reload();
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(response?.headers()["referrer-policy"]).toBe("strict-origin");

  // The secret comes in the answer to the wizard's server action (a POST): never stored by a cache either.
  const material = page.waitForResponse((answer) => answer.request().method() === "POST" && new URL(answer.url()).pathname === "/setup-2fa");
  const { setupKey } = await wizard.readSecrets();
  expect((await material).headers()["cache-control"]).toContain("no-store");
  await expect(wizard.openInApp).toBeVisible();
  const href = (await wizard.openInApp.getAttribute("href"))!;
  expect(href.startsWith("otpauth://totp/")).toBe(true);
  const issuer = `Twofold (${org.name})`;
  expect(href).toContain(`otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(member.email)}?`);
  expect(new URL(href).searchParams.get("issuer")).toBe(issuer);
  expect(href).not.toContain("+");
  expect(new URL(href).searchParams.get("secret")).toBe(setupKey.replace(/\s+/g, ""));
  expect(urls.some((url) => url.includes(setupKey.replace(/\s+/g, "")))).toBe(false);

  // On a wide screen the QR code is the way: the link is not shown.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(wizard.openInApp).toBeHidden();
  // The entry set up from it works.
  await wizard.confirm(setupKey);
  await expect(wizard.enabledHeading).toBeVisible();
});

test("Settings > Security, where the authenticator is changed, sends no-store and no path in a Referer", async ({ page, member, signIn }) => {
  await signIn(page, member);
  const response = await page.goto("/settings/security");
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(response?.headers()["referrer-policy"]).toBe("strict-origin");
});
