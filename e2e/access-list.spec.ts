import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Db } from "@/lib/db";
import { expect, test, type KitOrg, type NewPageOptions } from "./kit/fixtures";
import { proxiedUrl } from "./kit/network";
import { callServerAction } from "./kit/server-actions";
import { AccessListPanel } from "./pages/access-list-panel";
import { LoginPage } from "./pages/login-page";

// Local only: the browsers choose their client addresses through the proxied server.

const ADMIN_IP = "198.51.100.10";
const OFFICE = "203.0.113.0/24";
const INSIDE = "203.0.113.5";
const OUTSIDE = "192.0.2.50";

type NewPage = (options?: NewPageOptions) => Promise<import("@playwright/test").Page>;

/** The organisation's admin (at ADMIN_IP) on Admin > Login and 2FA. */
async function adminAt(org: KitOrg, newPage: NewPage) {
  const page = await newPage({ as: org.admin, clientIp: ADMIN_IP });
  await page.goto("/admin/login-and-2fa");
  return { page, list: new AccessListPanel(page) };
}

/** An organisation whose admin (at ADMIN_IP) allowed themselves and OFFICE and switched the list on. */
async function organisationWithAccessList(org: KitOrg, newPage: NewPage, db: Db) {
  const admin = await adminAt(org, newPage);
  await expect(admin.list.currentIp).toHaveText(ADMIN_IP);
  await admin.list.addEntry(ADMIN_IP, "Admin desk");
  await admin.list.addEntry("203.0.113.9/24", "Office", OFFICE);
  await admin.list.turnOn();
  await expect.poll(async () => (await db.organisation.findUniqueOrThrow({ where: { slug: org.slug } })).accessListEnabled).toBe(true);
  return admin;
}

test("an admin adds their IP and a range, turns the list on, and checks addresses", async ({ org, newPage, db }) => {
  const { list } = await organisationWithAccessList(org, newPage, db);
  await list.check("203.0.113.77");
  await expect(list.checkAnswer).toContainText("203.0.113.77 is allowed: it matches 203.0.113.0/24 (Office)");
  await list.check("::ffff:192.0.2.1");
  await expect(list.checkAnswer).toContainText("192.0.2.1 is not allowed");

  for (const [input, message] of [
    ["10.0.0.0/33", "between /1 and /32"],
    ["999.1.1.1", "not a valid IPv4 or IPv6 address"],
    ["0.0.0.0/0", "allows every address"],
    [OFFICE, "already on the Access List"],
  ] as const) {
    await list.add(input, "bad");
    await expect(list.page.getByText(message)).toBeVisible();
  }
});

test("a range broader than /8 is added only after the admin confirms it, also for a hand-crafted action call", async ({ org, newPage, db }) => {
  const { page: admin, list } = await adminAt(org, newPage);

  await list.add("10.0.0.0/7", "Corporate");
  await expect(list.confirmBroad.getByRole("alert")).toHaveText(
    "10.0.0.0/7 covers 33,554,432 addresses, more than a /8. Confirm that you mean to allow this whole range, then save again.",
  );
  await expect(list.confirmBroad.getByLabel("Allow this whole range")).toBeFocused();
  await expect(list.entries).toHaveCount(0);
  await list.confirmBroad.getByLabel("Allow this whole range").check();
  await admin.getByRole("button", { name: "Add entry" }).click();
  await expect(list.entry("10.0.0.0/7")).toBeVisible();
  await expect(list.confirmBroad).toBeHidden();

  // Everything stays refused, confirmed or not.
  await list.add("::/0", "all");
  await expect(admin.getByText("allows every address")).toBeVisible();
  await expect(list.confirmBroad).toBeHidden();

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
  const entry = await db.accessListEntry.findFirstOrThrow({ where: { organisation: { slug: org.slug } }, select: { id: true } });
  const widened = await action({ kind: "update", id: entry.id, cidr: "2001:db8::/16", description: "crafted" });
  expect(widened.body).toContain("2001::/16 covers 2^112 addresses");
  expect(widened.body).not.toContain('"ok":true');
  const everything = await action({ kind: "add", cidr: "0.0.0.0/0", description: "crafted", confirmBroad: true });
  expect(everything.body).toContain("allows every address");
  const stored = await db.accessListEntry.findMany({ where: { organisation: { slug: org.slug } }, select: { cidr: true } });
  expect(stored.map((e) => e.cidr)).toEqual(["10.0.0.0/7"]);
});

test("the self-lockout guard refuses changes that would shut out the admin's own IP", async ({ org, newPage }) => {
  const { list } = await adminAt(org, newPage);
  await list.add(OFFICE, "Office");
  await expect(list.entries).toHaveCount(1);

  // click, not check: the switch flips at once and flips back when the server refuses.
  await list.switch.click();
  await expect(list.selfLockoutAlert(ADMIN_IP)).toBeVisible();
  await expect(list.switch).not.toBeChecked();

  await list.add(ADMIN_IP, "Me");
  // The refusal was about the list before this entry: it goes once the list changed (issue 12, hazard 4).
  await expect(list.entries).toHaveCount(2);
  await expect(list.selfLockoutAlert(ADMIN_IP)).toHaveCount(0);
  await list.turnOn();
  await list.remove(ADMIN_IP);
  await expect(list.selfLockoutAlert(ADMIN_IP)).toBeVisible();
  await expect(list.entries).toHaveCount(2);
});

test("outside the list: sign-in is refused, and an open session gets 403 on pages, actions and route handlers", async ({
  org,
  member,
  newPage,
  db,
}) => {
  await organisationWithAccessList(org, newPage, db);

  const outside = await newPage({ clientIp: OUTSIDE });
  const login = new LoginPage(outside);
  await login.goto();
  await login.submit(member.email, member.password);
  await expect(login.error).toHaveText("Sign-in from this network is not allowed for this account.");
  expect(await db.auditEvent.count({ where: { type: "access_list.sign_in_refused", targetEmail: member.email, ip: OUTSIDE } })).toBe(1);

  // The same session, carried from inside the office to outside it.
  const inside = await newPage({ clientIp: INSIDE, as: org.admin });
  const page = await newPage({ clientIp: OUTSIDE, storageState: await inside.context().storageState() });
  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(403);
  await expect(page.getByText(`Your IP address ${OUTSIDE} is not on ${org.name}'s Access List.`)).toBeVisible();
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
});

test("removing an entry blocks its open sessions within 5 seconds; the break-glass command restores access", async ({ org, member, newPage, db }) => {
  const { list } = await organisationWithAccessList(org, newPage, db);
  const user = await newPage({ clientIp: INSIDE, as: member });

  // Remove asks first and says what it cuts off (issue 12, hazard 5): Cancel keeps the entry and the session.
  await list.page.getByRole("button", { name: `Remove ${OFFICE}` }).click();
  await expect(list.confirmation).toContainText("their open sessions stop working within seconds");
  await list.confirmation.getByRole("button", { name: "Cancel" }).click();
  await expect(list.entries).toHaveCount(2);
  expect((await user.request.get("/dashboard")).status()).toBe(200);

  await list.remove(OFFICE);
  await expect(list.entries).toHaveCount(1);
  const removedAt = Date.now();
  await expect.poll(async () => (await user.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(403);
  expect(Date.now() - removedAt).toBeLessThan(5000);

  // The real CLI, as an operator runs it (the kit's fixtures call the same command in-process).
  const root = path.resolve(import.meta.dirname, "..");
  const output = execFileSync(
    "npm",
    ["run", "--silent", "twofold", "--", "access-list", "disable", "--org", org.slug, "--reason", "Locked out after an ISP change", "--yes"],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: process.env.E2E_ORIGINAL_NODE_OPTIONS }, encoding: "utf8" },
  );
  expect(output).toContain(`Access List of ${org.name} is now OFF`);
  await expect.poll(async () => (await user.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(200);
  const audited = await db.auditEvent.findMany({
    where: { type: "access_list.disabled_by_operator", organisation: { slug: org.slug } },
  });
  expect(audited).toHaveLength(1);
  expect(JSON.parse(audited[0]!.detail!)).toMatchObject({
    reason: "Locked out after an ISP change",
    operatorUser: expect.any(String),
    operatorHost: expect.any(String),
  });
});

test("without a trusted proxy, spoofed forwarding headers are ignored", async ({ browser, baseURL, org, member, newPage, db }) => {
  // The list allows only the admin's desk and the office range; this server sees the real peer, 127.0.0.1.
  await organisationWithAccessList(org, newPage, db);

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
  const login = new LoginPage(await spoofing.newPage());
  await login.goto();
  await login.submit(member.email, member.password);
  await expect(login.error).toHaveText("Sign-in from this network is not allowed for this account.");
  const refused = await db.auditEvent.findFirstOrThrow({ where: { type: "access_list.sign_in_refused", targetEmail: member.email } });
  expect(refused.ip).toBe("127.0.0.1");
  await spoofing.close();
  expect(proxiedUrl()).not.toBe(baseURL);
});

test("X-Forwarded-Proto decides secure session cookies only when a trusted proxy sends it", async ({ playwright, baseURL, member }) => {
  const logInWithProto = async (url: string) => {
    const request = await playwright.request.newContext({ baseURL: url });
    const response = await request.post("/api/login", {
      headers: { Accept: "application/json", Origin: url, "X-Forwarded-Proto": "https" },
      data: { step: "password", email: member.email, password: member.password },
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
