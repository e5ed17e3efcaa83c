import { request as playwrightRequest, type APIRequestContext, type Browser } from "@playwright/test";
import { expect, test, type KitOrg, type KitUser, type NewPageOptions } from "./kit/fixtures";
import { proxiedUrl, requestFrom, uniqueIp } from "./kit/network";
import { callServerAction, serverActionId } from "./kit/server-actions";
import { AccessListPanel } from "./pages/access-list-panel";
import { AdminUsersPage } from "./pages/admin-users-page";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { SecuritySettings } from "./pages/security-settings";
import { SetupWizard } from "./pages/setup-wizard";

// Issue 9, items 1, 2 and 6: the session cookie as an attacker would send it, server-side
// session records, and a new 2FA requirement reaching a signed-in user.

const ADMIN_IP = "198.51.100.10";
const OFFICE = "203.0.113.0/24";
const INSIDE = "203.0.113.5";
const OUTSIDE = "192.0.2.50";

/** An organisation whose Access List allows only OFFICE (and its admin's desk), and a signed-in member at INSIDE. */
async function memberInsideTheList(
  fixtures: { browser: Browser; org: KitOrg; member: KitUser; newPage: (options?: NewPageOptions) => Promise<import("@playwright/test").Page> },
  tls = false,
) {
  const admin = await fixtures.newPage({ as: fixtures.org.admin, clientIp: ADMIN_IP });
  await admin.goto("/admin/login-and-2fa");
  await new AccessListPanel(admin).allowOnly([
    [ADMIN_IP, "Admin desk"],
    [OFFICE, "Office"],
  ]);
  const context = await fixtures.browser.newContext({
    baseURL: proxiedUrl(),
    extraHTTPHeaders: { "X-Forwarded-For": INSIDE, ...(tls ? { "X-Forwarded-Proto": "https" } : {}) },
  });
  const page = await context.newPage();
  await expect.poll(async () => (await page.goto("/login"))?.status(), { timeout: 5000 }).toBe(200);
  await new LoginPage(page).submit(fixtures.member.email, fixtures.member.password);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(cookie, "the session cookie").toBeDefined();
  return { context, token: cookie!.value, name: cookie!.name };
}

/** A bare HTTP client at a chosen address, sending exactly the Cookie header it is given. */
async function clientAt(ip: string, cookie: string, tls = false): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: proxiedUrl(),
    extraHTTPHeaders: { "X-Forwarded-For": ip, Cookie: cookie, ...(tls ? { "X-Forwarded-Proto": "https" } : {}) },
  });
}

async function everyKindOfRequest(client: APIRequestContext) {
  const page = await client.get("/dashboard", { maxRedirects: 0 });
  const session = await client.get("/api/auth/session", { maxRedirects: 0 });
  const action = await callServerAction(client, {
    page: "/settings/security",
    filename: "app/(app)/settings/security/actions.ts",
    exportedName: "signOutOtherSessions",
    args: [],
    origin: proxiedUrl(),
  });
  return { page: page.status(), session: session.status(), action: action.status, actionBody: action.body };
}

for (const tls of [false, true]) {
  test(`a session cookie sent in chunks from outside the Access List gets 403 (${tls ? "behind TLS" : "plain HTTP"})`, async ({
    browser,
    org,
    member,
    newPage,
  }) => {
    const { context, token, name } = await memberInsideTheList({ browser, org, member, newPage }, tls);
    expect(name).toBe(tls ? "__Secure-authjs.session-token" : "authjs.session-token");
    const half = Math.floor(token.length / 2);
    const variants = [
      `${name}=${token}`,
      `${name}.0=${token}`,
      `${name}.0=${token.slice(0, half)}; ${name}.1=${token.slice(half)}`,
      `${name}.1=${token.slice(half)}; other=1; ${name}.0=${token.slice(0, half)}`,
      `${name}.7=${token}`,
    ];
    for (const cookie of variants) {
      const outside = await clientAt(OUTSIDE, cookie, tls);
      expect(await everyKindOfRequest(outside), cookie.slice(0, 40)).toMatchObject({
        page: 403,
        session: 403,
        action: 403,
        actionBody: expect.stringContaining("ACCESS_LIST"),
      });
      await outside.dispose();
      // The same cookie from inside the list is the member's session.
      const inside = await clientAt(INSIDE, cookie, tls);
      expect((await inside.get("/dashboard", { maxRedirects: 0 })).status()).toBe(200);
      await inside.dispose();
    }
    await context.close();
  });
}

test("a session-looking cookie nobody can attribute is cleared and the request is signed out", async ({ browser, org, member, newPage }) => {
  const { context, token, name } = await memberInsideTheList({ browser, org, member, newPage });
  const cases = [
    `${name}=not-a-token`,
    `${name}.0=garbage; ${name}.1=more-garbage`,
    // Auth.js would join these into one value that is no token at all.
    `${name}=${token}; ${name}.1=extra`,
    `__Secure-${name}=${token}`,
    `AUTHJS.session-token=${token}`,
  ];
  for (const cookie of cases) {
    const outside = await clientAt(OUTSIDE, cookie);
    const response = await outside.get("/api/auth/session", { maxRedirects: 0 });
    expect(response.status(), cookie.slice(0, 40)).toBe(200);
    expect(await response.text()).not.toContain("@");
    const cleared = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie" && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(h.value));
    expect(cleared.length, `cleared: ${cookie.slice(0, 40)}`).toBeGreaterThan(0);
    const dashboard = await outside.get("/dashboard", { maxRedirects: 0 });
    expect(dashboard.status()).toBe(307);
    expect(dashboard.headers().location).toContain("/login");
    await outside.dispose();
  }
  await context.close();
});

test("a session cookie with broken percent-encoding gets a 400 with a reason, never a 500", async () => {
  for (const value of ["%E0%A4%A", "%", "abc%zz", "%C0%AF"]) {
    const client = await clientAt(OUTSIDE, `authjs.session-token=${value}`);
    for (const path of ["/dashboard", "/login", "/api/auth/session"]) {
      const response = await client.get(path, { maxRedirects: 0 });
      expect(response.status(), `${value} ${path}`).toBe(400);
      expect(await response.text()).toContain("session cookie is malformed");
    }
    await client.dispose();
  }
});

test("signing out ends the session on the server: a copied cookie stays dead, whatever follows", async ({
  page,
  member: user,
  signIn,
  newPage,
  db,
}) => {
  await signIn(page, user);
  const copied = await page.context().storageState();
  await new AppShell(page).signOut();

  // Later logins and sign-outs do not bring the copy back (the unit tests run sixty).
  const again = await newPage();
  for (let i = 0; i < 3; i++) {
    await signIn(again, user);
    await new AppShell(again).signOut();
  }
  const thief = await newPage({ storageState: copied });
  const stolen = await thief.request.get("/api/auth/session");
  expect(await stolen.text()).not.toContain(user.email);
  expect(await db.session.count({ where: { userId: user.id!, revokedAt: null, stage: "COMPLETE" } })).toBe(0);
  expect(await db.auditEvent.count({ where: { targetId: user.id, type: "logout" } })).toBe(4);
});

test("Auth.js's own /api/auth/signout revokes the session too", async ({ page, member: user, signIn, newPage, db }) => {
  await signIn(page, user);
  const copied = await page.context().storageState();
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const response = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken }, maxRedirects: 0 });
  expect(response.status()).toBeLessThan(400);

  const thief = await newPage({ storageState: copied });
  expect(await (await thief.request.get("/api/auth/session")).text()).not.toContain(user.email);
  expect(await db.session.findFirstOrThrow({ where: { userId: user.id! } })).toMatchObject({ revokedReason: "signed-out" });
});

test("an admin requiring 2FA sends a signed-in user to the setup wizard at their next request, then back", async ({
  page,
  org,
  member: user,
  signIn,
  newPage,
}) => {
  await signIn(page, user);
  await page.goto("/settings");
  // The admin enables 2FA for the user meanwhile (the admin flow itself is covered in admin-login-and-2fa.spec.ts).
  const admin = new AdminUsersPage(await newPage({ as: org.admin }));
  await admin.goto(user.email);
  await admin.select(user.name);
  await admin.runBulk("Enable 2FA");
  await expect(admin.row(user.name)).toContainText("Required");

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/setup-2fa\?callbackUrl=%2Fsettings$/);
  // Meanwhile the session answers no app action.
  const call = await callServerAction(page.request, {
    page: "/settings/security",
    filename: "app/(app)/settings/security/actions.ts",
    exportedName: "signOutOtherSessions",
    args: [],
  });
  expect(call.body).not.toContain('"ok":true');

  await new SetupWizard(page).complete();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId("current-user")).toBeVisible();
});

test("an enrolled user's password-only session goes to the challenge", async ({ page, member: user, signIn, newPage }) => {
  await signIn(page, user);
  // Enrolled meanwhile from another session: this session passed no second factor.
  await new SecuritySettings(await newPage({ as: user })).setUp();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\/verify\?callbackUrl=%2Fdashboard$/);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
});

test("a server action Next hands on to itself still runs for the real client address", async ({ page, member: user, signIn, baseURL, db }) => {
  await signIn(page, user);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  // signOutOtherSessions belongs to /settings/security's bundle: posted to /login, Next forwards it to itself on localhost.
  const response = await requestFrom("127.0.0.2", `${baseURL}/login`, {
    method: "POST",
    headers: {
      "Next-Action": serverActionId("app/(app)/settings/security/actions.ts", "signOutOtherSessions"),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: new URL(baseURL!).origin,
      Cookie: cookie,
    },
    body: "[]",
  });
  expect(response.status).toBeLessThan(500);
  const revoked = await db.auditEvent.findFirstOrThrow({ where: { targetId: user.id, type: "sessions.revoked" } });
  expect(revoked.ip).toBe("127.0.0.2");
});

test("signing out one session from the list ends only that one; the others and this one stay", async ({ member: user, newPage }) => {
  const [laptopIp, phoneIp] = [uniqueIp(), uniqueIp()];
  const here = await newPage({ as: user });
  const laptop = await newPage({ as: user, clientIp: laptopIp });
  const phone = await newPage({ as: user, clientIp: phoneIp });
  const settings = new SecuritySettings(here);
  await settings.goto();
  await expect(settings.sessionRows()).toHaveCount(3);
  await expect(settings.currentSession).toHaveCount(1);

  await settings.signOutSession(settings.sessionRows().filter({ hasText: phoneIp }));
  await expect(settings.sessionRows()).toHaveCount(2);
  await expect(settings.sessionRows().filter({ hasText: phoneIp })).toHaveCount(0);

  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/login/);
  await laptop.goto("/dashboard");
  await expect(new AppShell(laptop).currentUser).toBeVisible();
  await here.goto("/dashboard");
  await expect(new AppShell(here).currentUser).toBeVisible();
});

test("Sign out other sessions says how many it ended; an admin can sign out all of a user's sessions", async ({ org, member: user, newPage }) => {
  const here = await newPage({ as: user });
  const elsewhere = await newPage({ as: user });
  const settings = new SecuritySettings(here);
  await settings.signOutOtherSessions();
  await expect(settings.message).toContainText("1 session ended");
  await elsewhere.goto("/dashboard");
  await expect(elsewhere).toHaveURL(/\/login/);

  const admin = new AdminUsersPage(await newPage({ as: org.admin }));
  await admin.goto(user.email);
  await admin.rowDeviceAction(user.name, "Sign out all sessions");
  await expect(admin.message(`1 session of ${user.name} signed out.`)).toBeVisible();
  await here.goto("/dashboard");
  await expect(here).toHaveURL(/\/login/);
});
