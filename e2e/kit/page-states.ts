// The named page states of the product (issue 12: "axe on every page state", "every page at
// 390 px", "screenshots of every page"): each brings a fresh page into one state through the
// page objects, as a user gets there. e2e/accessibility.spec.ts and
// `npm run screenshots` run over this one list. Local only (operator commands).
//
// Cost: one organisation per worker slot (`stateWorld`) with an admin, a member with 2FA on and
// one with 2FA off, each signed in once; a state opens a new browser context with that stored
// session, so most states cost one page load and no login.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, ViewportSize } from "@playwright/test";
import { AccessListPanel } from "../pages/access-list-panel";
import { AdminUsersPage } from "../pages/admin-users-page";
import { AppShell } from "../pages/app-shell";
import { ChallengePage } from "../pages/challenge-page";
import { InvitationPage } from "../pages/invitation-page";
import { ForgotPasswordPage } from "../pages/forgot-password-page";
import { LoginPage } from "../pages/login-page";
import { ResetPasswordPage } from "../pages/reset-password-page";
import { RecoveryRequestPage } from "../pages/recovery-request-page";
import { SecuritySettings } from "../pages/security-settings";
import { SetupWizard } from "../pages/setup-wizard";
import { newPassword, uniqueToken } from "./accounts";
import { linkIn, waitForEmail } from "./mailbox";
import { createOrganisation, expect, remote, test as kitTest, type KitOrg, type KitUser, type OrgPolicy } from "./fixtures";
import { proxiedUrl, uniqueIp } from "./network";
import { operatorCommands } from "./operator";
import { totpCode } from "./totp";
import { codeOfAClockOff } from "./totp";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Who a state's page is signed in as (a stored session of the worker's organisation), if anyone. */
export type StateUser = "admin" | "enrolled" | "plain";

/** What the worker made once for all states. */
export interface StateWorld {
  /** Two-factor login method, no requirement. */
  org: KitOrg;
  admin: KitUser;
  /** A member with 2FA Active (enrolled through Settings > Security): has setupKey and backupCodes. */
  enrolled: KitUser;
  /** A member with 2FA Off. */
  plain: KitUser;
  /** An organisation requiring 2FA: each user made there meets the set-up wizard at login. */
  requiredOrg: KitOrg;
  sessions: Record<StateUser, StorageState>;
}

export interface OpenOptions {
  as?: StateUser;
  /** A client address of its own (the proxied server), for states that fail a sign-in on purpose. */
  ownAddress?: boolean;
  clientIp?: string;
  storageState?: StorageState;
  /** Defaults to the test's viewport (`test.use({ viewport })`). */
  viewport?: ViewportSize;
}

/** What a state's `reach` gets. */
export interface StateContext {
  world: StateWorld;
  /** A new page in a browser context of its own (closed after the test). */
  open: (options?: OpenOptions) => Promise<Page>;
  /** A new user of an organisation (the worker's by default), made like Add user. */
  createUser: (options?: { org?: KitOrg; role?: "member" | "admin" }) => Promise<KitUser>;
  /** Another organisation, removed after the test. */
  newOrg: (policy?: OrgPolicy) => Promise<KitOrg>;
  /** Signs a page in through whatever the product asks (the kit fixture). */
  signIn: (page: Page, user: KitUser, callbackUrl?: string) => Promise<void>;
}

export interface PageState {
  /** Shown in test titles and messages. */
  name: string;
  /** File-name part for screenshots. */
  slug: string;
  /** Brings a fresh page into this state and returns it (it waits until the state is on screen). */
  reach: (ctx: StateContext) => Promise<Page>;
}

async function openAdminTable(ctx: StateContext, search?: string) {
  const admin = new AdminUsersPage(await ctx.open({ as: "admin" }));
  await admin.goto(search);
  return admin;
}

/** A user with the wizard ahead: a fresh one each time (wrong codes count towards a lock). */
async function atWizard(ctx: StateContext) {
  const user = await ctx.createUser({ org: ctx.world.requiredOrg });
  const page = await ctx.open();
  const login = new LoginPage(page);
  await login.goto();
  await login.submit(user.email, user.password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  return { page, wizard };
}

/** An invitation made with Add user; returns the admin's page (the invited user's row shown) and the email's link. */
async function invited(ctx: StateContext) {
  const token = uniqueToken();
  const name = `Invited ${token}`;
  const email = `invited-${token}@${ctx.world.org.slug}.test`;
  const admin = await openAdminTable(ctx);
  await admin.addUser({ name, email });
  await admin.goto(token);
  await expect(admin.invitedBadge(name)).toBeVisible();
  return { admin, link: linkIn(await waitForEmail(email, /invited you to/), "/invitation") };
}

async function at(ctx: StateContext, as: StateUser | undefined, path: string) {
  const page = await ctx.open({ as });
  await page.goto(path);
  return page;
}

/** Waits for the app shell (the signed-in user's name) and the page's main content. */
async function signedIn(page: Page) {
  await expect(new AppShell(page).currentUser).toBeVisible();
  await expect(page.getByRole("main").first()).toBeVisible();
  return page;
}

/**
 * An organisation of its own (so no request reaches the worker's admin) whose enrolled member
 * sent a recovery request; its admin has 2FA too (the step-up is a code).
 */
async function recoveryRequested(ctx: StateContext) {
  const org = await ctx.newOrg({ loginMethod: "two-factor", requireTwoFactor: true });
  const user = await ctx.createUser({ org });
  const page = await ctx.open({ ownAddress: true });
  await ctx.signIn(page, user);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(user.email, user.password);
  await new ChallengePage(page).lostEverything.click();
  const recovery = new RecoveryRequestPage(page);
  await recovery.sendRequest("Lost my phone on the train. Call me on 555 0100.");
  return { org, user, recovery };
}

/** The admin of that organisation on Admin > Login and 2FA, the request in view. */
async function adminWithRecoveryRequest(ctx: StateContext) {
  const { org, user } = await recoveryRequested(ctx);
  const page = await ctx.open();
  await ctx.signIn(page, org.admin, "/admin/login-and-2fa");
  const admin = new AdminUsersPage(page);
  await admin.goto();
  await expect(admin.recoveryRequest(user.name)).toBeVisible();
  return { org, user, admin };
}

const ADMIN_IP = "198.51.100.10";
const OUTSIDE_IP = "192.0.2.50";

/** The catalogue. Add a state here and all three runners (axe, 390 px, screenshots) pick it up. */
export const pageStates: PageState[] = [
  // --- Signed out: the login ---
  {
    name: "login",
    slug: "login",
    reach: async (ctx) => {
      const page = await ctx.open();
      await new LoginPage(page).goto();
      await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
      return page;
    },
  },
  {
    name: "login with an error",
    slug: "login-error",
    reach: async (ctx) => {
      const page = await ctx.open({ ownAddress: true });
      const login = new LoginPage(page);
      await login.goto();
      await login.submit(ctx.world.plain.email, "not-the-password");
      await expect(login.error).toBeVisible();
      return page;
    },
  },
  {
    name: "2FA challenge",
    slug: "challenge",
    reach: async (ctx) => {
      const page = await ctx.open();
      await new LoginPage(page).passwordStep(ctx.world.enrolled.email, ctx.world.enrolled.password);
      await expect(new ChallengePage(page).code).toBeVisible();
      return page;
    },
  },
  {
    name: "2FA challenge, backup code",
    slug: "challenge-backup-code",
    reach: async (ctx) => {
      const page = await ctx.open();
      await new LoginPage(page).passwordStep(ctx.world.enrolled.email, ctx.world.enrolled.password);
      await page.getByRole("button", { name: "Use a backup code" }).click();
      await expect(new ChallengePage(page).backupCode).toBeVisible();
      return page;
    },
  },
  {
    name: "setup wizard",
    slug: "setup-wizard",
    reach: async (ctx) => (await atWizard(ctx)).page,
  },
  {
    name: "setup wizard, wrong code",
    slug: "setup-wizard-wrong-code",
    reach: async (ctx) => {
      const { page, wizard } = await atWizard(ctx);
      await wizard.readSecrets();
      await page.getByLabel("I have saved my backup codes").check();
      await page.getByLabel("Authentication code").fill("000000");
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "That code is not valid." })).toBeVisible();
      return page;
    },
  },
  {
    name: "2FA is on (after enrolment)",
    slug: "two-factor-on",
    reach: async (ctx) => {
      const { page, wizard } = await atWizard(ctx);
      const { setupKey } = await wizard.readSecrets();
      await wizard.confirm(setupKey);
      await expect(wizard.enabledHeading).toBeVisible();
      return page;
    },
  },

  // --- Signed in: a member ---
  {
    name: "dashboard (member)",
    slug: "dashboard-member",
    reach: async (ctx) => signedIn(await at(ctx, "enrolled", "/dashboard")),
  },
  {
    name: "settings",
    slug: "settings",
    reach: async (ctx) => signedIn(await at(ctx, "plain", "/settings")),
  },
  {
    name: "security settings (2FA on)",
    slug: "security-settings",
    reach: async (ctx) => {
      const page = await at(ctx, "enrolled", "/settings/security");
      await expect(new SecuritySettings(page).status).toHaveText("Active");
      return page;
    },
  },
  {
    name: "security settings (2FA off)",
    slug: "security-settings-off",
    reach: async (ctx) => {
      const page = await at(ctx, "plain", "/settings/security");
      await expect(new SecuritySettings(page).status).toHaveText("Off");
      return page;
    },
  },
  {
    name: "regenerate backup codes",
    slug: "regenerate-backup-codes",
    reach: async (ctx) => {
      const page = await at(ctx, "enrolled", "/settings/security");
      await new SecuritySettings(page).openRegenerate();
      await expect(page.getByLabel("Password")).toBeVisible();
      return page;
    },
  },
  {
    name: "add a passkey (dialog)",
    slug: "add-passkey",
    reach: async (ctx) => {
      const page = await at(ctx, "enrolled", "/settings/security");
      await new SecuritySettings(page).passkeysSection.getByRole("button", { name: "Add a passkey or security key" }).click();
      await expect(page.getByRole("dialog", { name: "Add a passkey or security key" }).getByLabel("Name")).toBeVisible();
      return page;
    },
  },
  {
    name: "member opens an admin page",
    slug: "member-admin-page",
    reach: async (ctx) => {
      const page = await ctx.open({ as: "plain" });
      const response = await page.goto("/admin/login-and-2fa");
      expect([403, 404]).toContain(response?.status());
      return page;
    },
  },
  {
    name: "not found",
    slug: "not-found",
    reach: async (ctx) => {
      // Signed in: a signed-out visitor is sent to the login instead.
      const page = await ctx.open({ as: "plain" });
      expect((await page.goto("/no-such-page"))?.status()).toBe(404);
      return page;
    },
  },

  // --- Signed in: the admin ---
  {
    name: "dashboard (admin)",
    slug: "dashboard-admin",
    reach: async (ctx) => signedIn(await at(ctx, "admin", "/dashboard")),
  },
  {
    name: "admin Login and 2FA",
    slug: "admin-login-and-2fa",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx);
      await expect(admin.row(ctx.world.plain.name)).toBeVisible();
      return admin.page;
    },
  },
  {
    name: "bulk Enable 2FA dialog",
    slug: "bulk-enable-2fa",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx, ctx.world.plain.name);
      await admin.select(ctx.world.plain.name);
      await admin.openBulk("Enable 2FA");
      return admin.page;
    },
  },
  {
    name: "step-up dialog (Disable 2FA)",
    slug: "step-up-disable-2fa",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx, ctx.world.enrolled.name);
      await admin.select(ctx.world.enrolled.name);
      await admin.openBulk("Disable 2FA");
      await expect(admin.dialog.getByLabel("Your password")).toBeVisible();
      return admin.page;
    },
  },
  {
    name: "Add user dialog",
    slug: "add-user",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx);
      await admin.page.getByRole("button", { name: "Add user" }).click();
      await expect(admin.dialog.getByLabel("Email")).toBeVisible();
      return admin.page;
    },
  },
  {
    name: "users table with an invited user",
    slug: "admin-invited-user",
    reach: async (ctx) => (await invited(ctx)).admin.page,
  },
  {
    name: "invitation page",
    slug: "invitation",
    reach: async (ctx) => {
      const { link } = await invited(ctx);
      const page = new InvitationPage(await ctx.open());
      await page.open(link);
      await expect(page.heading).toHaveText(/^Join /);
      return page.page;
    },
  },
  {
    name: "invitation page, common password refused",
    slug: "invitation-common-password",
    reach: async (ctx) => {
      const { link } = await invited(ctx);
      const page = new InvitationPage(await ctx.open());
      await page.open(link);
      await page.choosePassword("password123");
      await expect(page.page.getByText("That is one of the most commonly used passwords")).toBeVisible();
      return page.page;
    },
  },
  {
    name: "invitation link no longer valid",
    slug: "invitation-invalid",
    reach: async (ctx) => {
      const page = new InvitationPage(await ctx.open());
      await page.open("/invitation?token=no-longer-valid");
      await expect(page.invalid).toBeVisible();
      return page.page;
    },
  },
  {
    name: "Access List",
    slug: "access-list",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx);
      // Today a section of the page; a tab of it if the page gets tabs.
      const tab = admin.page.getByRole("tab", { name: "Access List" });
      if (await tab.isVisible()) await tab.click();
      const list = new AccessListPanel(admin.page);
      await list.check("203.0.113.7");
      await expect(list.checkAnswer).toBeVisible();
      await admin.page.getByRole("heading", { name: "Access List", exact: true }).scrollIntoViewIfNeeded();
      return admin.page;
    },
  },
  {
    name: "audit log",
    slug: "audit-log",
    reach: async (ctx) => signedIn(await at(ctx, "admin", "/admin/audit")),
  },
  {
    name: "403 outside the Access List",
    slug: "access-list-denied",
    reach: async (ctx) => {
      // An organisation of its own whose admin allowed only their own address.
      const org = await ctx.newOrg();
      const inside = await ctx.open({ clientIp: ADMIN_IP });
      await ctx.signIn(inside, org.admin, "/admin/login-and-2fa");
      const list = new AccessListPanel(inside);
      await list.addEntry(ADMIN_IP, "Admin desk");
      await list.turnOn();
      const page = await ctx.open({ clientIp: OUTSIDE_IP, storageState: await inside.context().storageState() });
      await expect.poll(async () => (await page.goto("/dashboard"))?.status()).toBe(403);
      return page;
    },
  },
  {
    name: "forgot password",
    slug: "forgot-password",
    reach: async (ctx) => {
      const forgot = new ForgotPasswordPage(await ctx.open());
      await forgot.goto();
      await expect(forgot.send).toBeVisible();
      return forgot.page;
    },
  },
  {
    name: "forgot password, answered",
    slug: "forgot-password-answered",
    reach: async (ctx) => {
      const forgot = new ForgotPasswordPage(await ctx.open({ ownAddress: true }));
      await forgot.goto();
      await forgot.requestLink(`nobody-${uniqueToken()}@example.test`);
      return forgot.page;
    },
  },
  {
    name: "reset password, weak password",
    slug: "reset-password",
    reach: async (ctx) => {
      const user = await ctx.createUser();
      const forgot = new ForgotPasswordPage(await ctx.open({ ownAddress: true }));
      await forgot.goto();
      await forgot.requestLink(user.email);
      const reset = new ResetPasswordPage(await ctx.open());
      await reset.open(linkIn(await waitForEmail(user.email, /Reset your Twofold password/), "/reset-password"));
      await reset.choose("password123");
      await expect(reset.newPassword).toHaveAccessibleDescription(/commonly used/);
      return reset.page;
    },
  },
  {
    name: "reset link no longer valid",
    slug: "reset-password-invalid",
    reach: async (ctx) => {
      const reset = new ResetPasswordPage(await ctx.open());
      await reset.open("/reset-password?token=no-such-link");
      await expect(reset.noLongerValid).toBeVisible();
      return reset.page;
    },
  },
  {
    name: "change password, weak new password (2FA on)",
    slug: "change-password",
    reach: async (ctx) => {
      const page = await at(ctx, "enrolled", "/settings/security");
      // A refused new password is checked first: no attempt of the shared user's throttles is spent.
      await new SecuritySettings(page).changePassword({ current: "not-checked", next: "password123" });
      await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/commonly used/);
      return page;
    },
  },
  // --- Recovery: lost phone and backup codes ---
  {
    name: "recovery request page",
    slug: "recovery-request",
    reach: async (ctx) => {
      const page = await ctx.open();
      await new LoginPage(page).passwordStep(ctx.world.enrolled.email, ctx.world.enrolled.password);
      await new ChallengePage(page).lostEverything.click();
      await new RecoveryRequestPage(page).expectOpen();
      return page;
    },
  },
  {
    name: "recovery request sent",
    slug: "recovery-request-sent",
    reach: async (ctx) => (await recoveryRequested(ctx)).recovery.page,
  },
  {
    name: "admin recovery requests with a request",
    slug: "admin-recovery-requests",
    reach: async (ctx) => {
      const { admin } = await adminWithRecoveryRequest(ctx);
      await admin.recoverySection.scrollIntoViewIfNeeded();
      return admin.page;
    },
  },
  {
    name: "issue temporary access code, code shown",
    slug: "issue-temporary-access-code",
    reach: async (ctx) => {
      const { org, user, admin } = await adminWithRecoveryRequest(ctx);
      await admin.openIssueFromRequest(user.name);
      await admin.issueTemporaryCode({ confirmation: { code: await totpCode(org.admin) } });
      return admin.page;
    },
  },
  {
    name: "2FA challenge, temporary access code",
    slug: "challenge-temporary-code",
    reach: async (ctx) => {
      const page = await ctx.open();
      await new LoginPage(page).passwordStep(ctx.world.enrolled.email, ctx.world.enrolled.password);
      await page.getByRole("button", { name: "Use a temporary access code" }).click();
      await expect(new ChallengePage(page).temporaryCode).toBeFocused();
      return page;
    },
  },
  // --- Trusted browsers and sessions (issue 14) ---
  {
    name: "remember this browser, confirmation",
    slug: "trusted-browsers-confirm",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx);
      await admin.trustedBrowsersOption("30 days").check();
      await admin.page.getByRole("button", { name: "Save browser setting" }).click();
      await expect(admin.dialog.getByTestId("trusted-browsers-impact")).toBeVisible();
      return admin.page;
    },
  },
  {
    name: "sign out all of a user's sessions, confirmation",
    slug: "admin-sign-out-sessions",
    reach: async (ctx) => {
      const admin = await openAdminTable(ctx, ctx.world.plain.email);
      await admin.openRowActions(ctx.world.plain.name);
      await admin.page.getByRole("menu").getByRole("menuitem", { name: "Sign out all sessions" }).click();
      await expect(admin.page.getByRole("alertdialog")).toBeVisible();
      return admin.page;
    },
  },
  {
    name: "2FA challenge, trust this browser",
    slug: "challenge-trust-browser",
    reach: async (ctx) => (await atTrustingChallenge(ctx)).page,
  },
  {
    name: "security settings, sessions and trusted browsers",
    slug: "security-settings-devices",
    reach: async (ctx) => {
      const { page, user } = await atTrustingChallenge(ctx);
      const challenge = new ChallengePage(page);
      await challenge.trustThisBrowser(30);
      await challenge.enterCode(await totpCode(user));
      await signedIn(page);
      // A second session, so the list has a row to sign out.
      await new LoginPage(await ctx.open()).passwordStep(user.email, user.password);
      const settings = new SecuritySettings(page);
      await settings.goto();
      await expect(settings.trustedBrowserRows().filter({ hasText: "This browser" })).toBeVisible();
      await expect(settings.sessionRows()).toHaveCount(2);
      return page;
    },
  },
  {
    name: "2FA challenge, clock drift",
    slug: "challenge-clock-drift",
    reach: async (ctx) => {
      // A user of its own (wrong codes count towards a lock), enrolled through the wizard.
      const user = await ctx.createUser({ org: ctx.world.requiredOrg });
      const page = await ctx.open({ ownAddress: true });
      await ctx.signIn(page, user);
      await new AppShell(page).signOut();
      await new LoginPage(page).passwordStep(user.email, user.password);
      const challenge = new ChallengePage(page);
      // Two codes of a phone 4 minutes fast, a step apart on the phone.
      for (const seconds of [240, 270]) {
        await challenge.enterCode(await codeOfAClockOff(user.setupKey!, seconds));
        await challenge.answered();
      }
      await expect(challenge.error).toContainText("Your phone's clock looks about 4 minutes fast");
      // The pointer still hovers Verify (the message was already above it): its hover colour is checked too.
      return page;
    },
  },
];

/**
 * An organisation of its own that lets browsers be trusted for 30 days (its admin saves it, with
 * the password: the admin has no 2FA), and a member with 2FA on at the challenge.
 */
async function atTrustingChallenge(ctx: StateContext) {
  const org = await ctx.newOrg();
  const adminPage = await ctx.open();
  await ctx.signIn(adminPage, org.admin, "/admin/login-and-2fa");
  const admin = new AdminUsersPage(adminPage);
  await admin.setTrustedBrowserDays("30 days", { password: org.admin.password });
  const user = await ctx.createUser({ org });
  const page = await ctx.open();
  await ctx.signIn(page, user, "/settings/security");
  Object.assign(user, await new SecuritySettings(page).setUp());
  user.lastStep = Math.floor(Date.now() / 30_000);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(user.email, user.password);
  await expect(new ChallengePage(page).trustBrowser).toBeVisible();
  return { page, user };
}

// ---------------------------------------------------------------------------------------------
// Fixtures: `stateWorld` (per worker) and `states` (per test). Specs import `test` from here.

function makeOrg(policy: OrgPolicy = { loginMethod: "two-factor" }): Promise<KitOrg> {
  return createOrganisation(policy);
}

async function makeUser(org: KitOrg, role: "member" | "admin" = "member"): Promise<KitUser> {
  const token = uniqueToken();
  const name = `QA ${token}`;
  const password = newPassword();
  const created = await operatorCommands.createUser({ org: org.slug, email: `${role}-${token}@${org.slug}.test`, name, role, password });
  return { ...created, name, password, role, org: org.slug };
}

function baseURL() {
  return process.env.E2E_BASE_URL!;
}

async function newContext(browser: Browser, options: OpenOptions & { storageState?: StorageState }, viewport: ViewportSize | null) {
  const clientIp = options.clientIp ?? (options.ownAddress ? uniqueIp() : undefined);
  return browser.newContext({
    baseURL: clientIp ? proxiedUrl() : baseURL(),
    extraHTTPHeaders: clientIp ? { "X-Forwarded-For": clientIp } : undefined,
    storageState: options.storageState,
    viewport: options.viewport ?? viewport,
  });
}

/** A password sign-in in a context of its own; returns the session. */
async function sessionOf(browser: Browser, user: KitUser, then?: (page: Page) => Promise<void>) {
  const context = await newContext(browser, {}, null);
  try {
    const page = await context.newPage();
    await new LoginPage(page).logIn(user.email, user.password);
    if (then) await then(page);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

export const test = kitTest.extend<{ states: StateContext }, { stateWorld: StateWorld }>({
  stateWorld: [
    async ({ browser }, provide, workerInfo) => {
      if (remote) throw new Error("The page states need a local run (operator commands), not BASE_URL.");
      // Playwright starts a new worker after each failed test: the world is kept in this run's
      // directory per worker slot, so a failing state does not cost three logins and an
      // enrolment again. Its organisations go with the run's database (e2e/kit/teardown.ts).
      const cache = path.join(process.env.E2E_RUN_DIR!, `page-states-world-${workerInfo.parallelIndex}.json`);
      if (fs.existsSync(cache)) return provide(JSON.parse(fs.readFileSync(cache, "utf8")) as StateWorld);
      const org = await makeOrg();
      const requiredOrg = await makeOrg({ loginMethod: "two-factor", requireTwoFactor: true });
      const [plain, enrolled] = [await makeUser(org), await makeUser(org)];
      const sessions = {
        admin: await sessionOf(browser, org.admin),
        plain: await sessionOf(browser, plain),
        enrolled: await sessionOf(browser, enrolled, async (page) => {
          Object.assign(enrolled, await new SecuritySettings(page).setUp());
        }),
      };
      const world: StateWorld = { org, admin: org.admin, enrolled, plain, requiredOrg, sessions };
      fs.writeFileSync(cache, JSON.stringify(world));
      await provide(world);
    },
    { scope: "worker", timeout: 120_000 },
  ],

  states: async ({ browser, stateWorld, viewport, signIn }, provide) => {
    const contexts: BrowserContext[] = [];
    const orgs: KitOrg[] = [];
    await provide({
      world: stateWorld,
      open: async (options = {}) => {
        const storageState = options.storageState ?? (options.as ? stateWorld.sessions[options.as] : undefined);
        const context = await newContext(browser, { ...options, storageState }, viewport);
        contexts.push(context);
        return context.newPage();
      },
      createUser: (options = {}) => makeUser(options.org ?? stateWorld.org, options.role),
      newOrg: async (policy) => {
        const org = await makeOrg(policy);
        orgs.push(org);
        return org;
      },
      signIn,
    });
    for (const context of contexts) await context.close();
    for (const org of orgs) await operatorCommands.deleteOrganisation(org.slug);
  },
});

export { expect };
