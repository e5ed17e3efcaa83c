import type { Page } from "@playwright/test";
import { expect, test } from "./kit/fixtures";
import { ACME_MEMBER, DEMO_PASSWORD } from "./kit/accounts";
import { LoginPage } from "./pages/login-page";

// callbackUrl values that once left the site (`/.//evil.tld` became `Location: //evil.tld`)
// or that a URL parser rewrites into another origin.
const HOSTILE_CALLBACKS = [
  "/.//evil.tld",
  "/././/evil.tld/phish",
  "/..//evil.tld",
  "/a/../..//evil.tld",
  "/%2e/%2fevil.tld",
  "/.\\/evil.tld",
  "/\\evil.tld",
  "/\t/evil.tld",
  "//evil.tld",
  "https://evil.tld/phish",
  "javascript:alert(1)",
];

const loginWith = (callbackUrl: string) => `/login?${new URLSearchParams({ callbackUrl })}`;

/** Anything that does leave the site lands on a stub page instead of the network. */
async function stubEvilHost(page: Page) {
  await page.context().route(/^[a-z]+:\/\/evil\.tld/, (route) => route.fulfill({ body: "off-site", contentType: "text/plain" }));
}

test.describe("a signed-in visit to /login with a hostile callbackUrl", { tag: "@remote" }, () => {
  test.beforeEach(async ({ page }) => {
    await stubEvilHost(page);
    await new LoginPage(page).logIn(ACME_MEMBER, DEMO_PASSWORD);
  });

  for (const callbackUrl of HOSTILE_CALLBACKS) {
    test(`stays on the site for ${JSON.stringify(callbackUrl)}`, async ({ page, baseURL }) => {
      const origin = new URL(baseURL!).origin;
      const response = await page.request.get(loginWith(callbackUrl), { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      const location = response.headers()["location"] ?? "";
      // The raw header, not only its parsed form: one leading slash, nothing a parser rewrites.
      expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(new URL(location, baseURL).origin).toBe(origin);
      // And as Chromium's own URL parser reads it.
      expect(await page.evaluate((value) => new URL(value, window.location.href).origin, location)).toBe(origin);

      await page.goto(loginWith(callbackUrl));
      expect(new URL(page.url()).origin).toBe(origin);
      await expect(page.getByTestId("current-user")).toBeVisible();
      await expect(page).toHaveURL(/\/dashboard$/);
    });
  }
});

test("logging in with a hostile callbackUrl lands on the dashboard", { tag: "@remote" }, async ({ page, baseURL }) => {
  await stubEvilHost(page);
  await page.goto(loginWith("/.//evil.tld"));
  await new LoginPage(page).submit(ACME_MEMBER, DEMO_PASSWORD);
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a same-origin callbackUrl still brings a signed-in user to it", { tag: "@remote" }, async ({ page }) => {
  await new LoginPage(page).logIn(ACME_MEMBER, DEMO_PASSWORD);
  const response = await page.request.get(loginWith("/settings/./security?tab=sessions"), { maxRedirects: 0 });
  expect(response.headers()["location"]).toBe("/settings/security?tab=sessions");
});
