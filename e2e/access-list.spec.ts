import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { fillLogin, formError, logIn } from "./fixtures/accounts";
import { contextFrom, proxiedUrl } from "./fixtures/network";
import { callServerAction } from "./fixtures/server-actions";
import { createOrganisation, testDb } from "./fixtures/users";

const ADMIN_IP = "198.51.100.10";
const OFFICE = "203.0.113.0/24";
const INSIDE = "203.0.113.5";
const OUTSIDE = "192.0.2.50";

async function addEntry(page: Page, cidr: string, description: string) {
  await page.getByLabel("IP address or range").last().fill(cidr);
  await page.getByLabel("Description").last().fill(description);
  await page.getByRole("button", { name: "Add entry" }).click();
}

/** An organisation whose admin (at ADMIN_IP) allowed themselves and OFFICE and switched the list on. */
async function organisationWithAccessList(browser: import("@playwright/test").Browser) {
  const organisation = await createOrganisation();
  const adminContext = await contextFrom(browser, ADMIN_IP);
  const admin = await adminContext.newPage();
  await logIn(admin, organisation.admin.email);
  await admin.goto("/admin/login-and-2fa");
  await expect(admin.getByTestId("current-ip")).toHaveText(ADMIN_IP);
  await addEntry(admin, ADMIN_IP, "Admin desk");
  await expect(admin.getByTestId("access-list-entry").filter({ hasText: ADMIN_IP })).toBeVisible();
  await addEntry(admin, "203.0.113.9/24", "Office");
  await expect(admin.getByTestId("access-list-entry").filter({ hasText: OFFICE })).toBeVisible();
  await admin.getByRole("switch", { name: "Restrict platform access to the Access List" }).check();
  await expect(admin.getByText("Only the addresses and ranges below")).toBeVisible();
  await expect.poll(async () => (await testDb().organisation.findUniqueOrThrow({ where: { slug: organisation.slug } })).accessListEnabled).toBe(true);
  return { organisation, admin, adminContext };
}

test("an admin adds their IP and a range, turns the list on, and checks addresses", async ({ browser }) => {
  const { admin, adminContext } = await organisationWithAccessList(browser);
  await admin.getByLabel("IP address to check").fill("203.0.113.77");
  await admin.getByRole("button", { name: "Check" }).click();
  await expect(admin.getByTestId("check-ip-answer")).toContainText("203.0.113.77 is allowed: it matches 203.0.113.0/24 (Office)");
  await admin.getByLabel("IP address to check").fill("::ffff:192.0.2.1");
  await admin.getByRole("button", { name: "Check" }).click();
  await expect(admin.getByTestId("check-ip-answer")).toContainText("192.0.2.1 is not allowed");

  for (const [input, message] of [
    ["10.0.0.0/33", "between /1 and /32"],
    ["999.1.1.1", "not a valid IPv4 or IPv6 address"],
    ["0.0.0.0/0", "allows every address"],
    [OFFICE, "already on the Access List"],
  ] as const) {
    await addEntry(admin, input, "bad");
    await expect(admin.getByText(message)).toBeVisible();
  }
  await adminContext.close();
});

test("a range broader than /8 is added only after the admin confirms it, also for a hand-crafted action call", async ({ browser }) => {
  const organisation = await createOrganisation();
  const context = await contextFrom(browser, ADMIN_IP);
  const admin = await context.newPage();
  await logIn(admin, organisation.admin.email);
  await admin.goto("/admin/login-and-2fa");

  await addEntry(admin, "10.0.0.0/7", "Corporate");
  const confirm = admin.getByTestId("confirm-broad-range");
  await expect(confirm.getByRole("alert")).toHaveText(
    "10.0.0.0/7 covers 33,554,432 addresses, more than a /8. Confirm that you mean to allow this whole range, then save again.",
  );
  await expect(confirm.getByLabel("Allow this whole range")).toBeFocused();
  await expect(admin.getByTestId("access-list-entry")).toHaveCount(0);
  await confirm.getByLabel("Allow this whole range").check();
  await admin.getByRole("button", { name: "Add entry" }).click();
  await expect(admin.getByTestId("access-list-entry").filter({ hasText: "10.0.0.0/7" })).toBeVisible();
  await expect(confirm).toBeHidden();

  // Everything stays refused, confirmed or not.
  await addEntry(admin, "::/0", "all");
  await expect(admin.getByText("allows every address")).toBeVisible();
  await expect(admin.getByTestId("confirm-broad-range")).toBeHidden();

  // The server decides, not the form: the same action called without the field is refused.
  const action = (args: unknown) =>
    callServerAction(admin.request, {
      page: "/admin/login-and-2fa",
      filename: "app/(app)/admin/login-and-2fa/actions.ts",
      exportedName: "changeAccessListAction",
      args: [args],
      origin: proxiedUrl(),
    });
  const added = await action({ kind: "add", cidr: "172.0.0.0/6", description: "crafted" });
  expect(added.status).toBe(200);
  expect(added.body).toContain("172.0.0.0/6 covers 67,108,864 addresses");
  expect(added.body).not.toContain('"ok":true');
  const entry = await testDb().accessListEntry.findFirstOrThrow({ where: { organisation: { slug: organisation.slug } }, select: { id: true } });
  const widened = await action({ kind: "update", id: entry.id, cidr: "2001:db8::/16", description: "crafted" });
  expect(widened.body).toContain("2001::/16 covers 2^112 addresses");
  expect(widened.body).not.toContain('"ok":true');
  const everything = await action({ kind: "add", cidr: "0.0.0.0/0", description: "crafted", confirmBroad: true });
  expect(everything.body).toContain("allows every address");
  const stored = await testDb().accessListEntry.findMany({ where: { organisation: { slug: organisation.slug } }, select: { cidr: true } });
  expect(stored.map((e) => e.cidr)).toEqual(["10.0.0.0/7"]);
  await context.close();
});

test("the self-lockout guard refuses changes that would shut out the admin's own IP", async ({ browser }) => {
  const organisation = await createOrganisation();
  const context = await contextFrom(browser, ADMIN_IP);
  const admin = await context.newPage();
  await logIn(admin, organisation.admin.email);
  await admin.goto("/admin/login-and-2fa");
  await addEntry(admin, OFFICE, "Office");
  await expect(admin.getByTestId("access-list-entry")).toHaveCount(1);

  // click, not check: the switch flips at once and flips back when the server refuses.
  await admin.getByRole("switch", { name: "Restrict platform access to the Access List" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: `This would block your current IP address ${ADMIN_IP}` })).toBeVisible();
  await expect(admin.getByRole("switch")).not.toBeChecked();

  await addEntry(admin, ADMIN_IP, "Me");
  await admin.getByRole("switch", { name: "Restrict platform access to the Access List" }).check();
  await expect(admin.getByText("Only the addresses and ranges below")).toBeVisible();
  await admin.getByRole("button", { name: `Remove ${ADMIN_IP}` }).click();
  await expect(admin.getByRole("alert").filter({ hasText: `This would block your current IP address ${ADMIN_IP}` })).toBeVisible();
  await expect(admin.getByTestId("access-list-entry")).toHaveCount(2);
  await context.close();
});

test("outside the list: sign-in is refused, and an open session gets 403 on pages, actions and route handlers", async ({ browser }) => {
  const { organisation, adminContext } = await organisationWithAccessList(browser);
  await adminContext.close();

  const outside = await (await contextFrom(browser, OUTSIDE)).newPage();
  await outside.goto("/login");
  await fillLogin(outside, organisation.member.email, organisation.member.password);
  await expect(formError(outside)).toHaveText("Sign-in from this network is not allowed for this account.");
  expect(
    await testDb().auditEvent.count({ where: { type: "access_list.sign_in_refused", targetEmail: organisation.member.email, ip: OUTSIDE } }),
  ).toBe(1);

  // The same session, carried from inside the office to outside it.
  const insideContext = await contextFrom(browser, INSIDE);
  const inside = await insideContext.newPage();
  await logIn(inside, organisation.admin.email);
  const moved = await contextFrom(browser, OUTSIDE, await insideContext.storageState());
  const page = await moved.newPage();
  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(403);
  await expect(page.getByText(`Your IP address ${OUTSIDE} is not on ${organisation.name}'s Access List.`)).toBeVisible();
  // server.ts's own page: a policy without scripts (e2e/http-hardening.spec.ts has the rest).
  expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");

  const action = await callServerAction(page.request, {
    page: "/settings/security",
    filename: "app/(app)/settings/security/actions.ts",
    exportedName: "signOutOtherSessions",
    args: [],
    origin: proxiedUrl(),
  });
  expect(action.status).toBe(403);
  expect(action.body).toContain("ACCESS_LIST");
  const route = await page.request.get("/admin/audit/export");
  expect(route.status()).toBe(403);
  expect(await route.json()).toMatchObject({ error: "ACCESS_LIST" });
  expect((await page.request.get("/api/auth/session")).status()).toBe(403);
  // Next's internal sub-request header changes nothing.
  expect((await page.request.get("/dashboard", { headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" } })).status()).toBe(403);

  // Back inside, the same session works.
  expect((await inside.goto("/dashboard"))?.status()).toBe(200);
  await moved.close();
  await insideContext.close();
});

test("removing an entry blocks its open sessions within 5 seconds; the break-glass command restores access", async ({ browser }) => {
  const { organisation, admin, adminContext } = await organisationWithAccessList(browser);
  const userContext = await contextFrom(browser, INSIDE);
  const user = await userContext.newPage();
  await logIn(user, organisation.member.email);

  await admin.getByRole("button", { name: `Remove ${OFFICE}` }).click();
  await expect(admin.getByTestId("access-list-entry")).toHaveCount(1);
  const removedAt = Date.now();
  await expect.poll(async () => (await user.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(403);
  expect(Date.now() - removedAt).toBeLessThan(5000);

  const root = path.resolve(import.meta.dirname, "..");
  const output = execFileSync(
    "npm",
    ["run", "--silent", "twofold", "--", "access-list", "disable", "--org", organisation.slug, "--reason", "Locked out after an ISP change", "--yes"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      encoding: "utf8",
    },
  );
  expect(output).toContain(`Access List of ${organisation.name} is now OFF`);
  await expect.poll(async () => (await user.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(200);
  const audited = await testDb().auditEvent.findMany({
    where: { type: "access_list.disabled_by_operator", organisation: { slug: organisation.slug } },
  });
  expect(audited).toHaveLength(1);
  expect(JSON.parse(audited[0]!.detail!)).toMatchObject({
    reason: "Locked out after an ISP change",
    operatorUser: expect.any(String),
    operatorHost: expect.any(String),
  });
  await userContext.close();
  await adminContext.close();
});

test("without a trusted proxy, spoofed forwarding headers are ignored", async ({ browser, baseURL }) => {
  const organisation = await createOrganisation();
  // The list allows only the office range; this server sees the real peer, 127.0.0.1.
  const db = testDb();
  const created = await db.organisation.findUniqueOrThrow({ where: { slug: organisation.slug } });
  await db.accessListEntry.create({ data: { organisationId: created.id, cidr: OFFICE, description: "Office" } });
  await db.organisation.update({ where: { id: created.id }, data: { accessListEnabled: true, accessListVersion: { increment: 1 } } });

  const spoofing = await browser.newContext({
    baseURL,
    extraHTTPHeaders: {
      "X-Forwarded-For": INSIDE,
      "X-Real-IP": INSIDE,
      Forwarded: `for=${INSIDE}`,
      "True-Client-IP": INSIDE,
      "CF-Connecting-IP": INSIDE,
    },
  });
  const page = await spoofing.newPage();
  await page.goto("/login");
  await fillLogin(page, organisation.member.email, organisation.member.password);
  await expect(formError(page)).toHaveText("Sign-in from this network is not allowed for this account.");
  const refused = await db.auditEvent.findFirstOrThrow({ where: { type: "access_list.sign_in_refused", targetEmail: organisation.member.email } });
  expect(refused.ip).toBe("127.0.0.1");
  await spoofing.close();
  expect(proxiedUrl()).not.toBe(baseURL);
});

test("X-Forwarded-Proto decides secure session cookies only when a trusted proxy sends it", async ({ playwright, baseURL }) => {
  const organisation = await createOrganisation();
  const logInWithProto = async (url: string) => {
    const request = await playwright.request.newContext({ baseURL: url });
    const response = await request.post("/api/login", {
      headers: { Accept: "application/json", Origin: url, "X-Forwarded-Proto": "https" },
      data: { step: "password", email: organisation.member.email, password: organisation.member.password },
      maxRedirects: 0,
    });
    const cookies = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie")
      .map((h) => h.value);
    await request.dispose();
    return cookies.find((cookie) => cookie.includes("session-token="));
  };
  // Behind the trusted proxy (127.0.0.1 on the second server): TLS was terminated there.
  expect(await logInWithProto(proxiedUrl())).toMatch(/^__Secure-authjs\.session-token=.*; Secure/);
  // Straight from a client: the header is ignored.
  expect(await logInWithProto(baseURL!)).toMatch(/^authjs\.session-token=/);
});
