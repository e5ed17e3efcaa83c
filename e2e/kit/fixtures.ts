// The QA kit's fixtures (e2e/README.md). Locally, data is made through the operator
// commands (e2e/kit/operator.ts) in an organisation of the test's own; against a remote
// BASE_URL, only through the admin UI as the demo admin. Each fixture removes what it made.
// (Fixture functions call their second argument `provide`: "use" reads as a React hook to the linter.)
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { AdminUsersPage } from "../pages/admin-users-page";
import { AppShell } from "../pages/app-shell";
import { ChallengePage } from "../pages/challenge-page";
import { LoginPage } from "../pages/login-page";
import { InvitationPage } from "../pages/invitation-page";
import { SetupWizard } from "../pages/setup-wizard";
import { ACME_ADMIN, DEMO_PASSWORD, newPassword, uniqueToken } from "./accounts";
import { readOnlyDb } from "./inspect";
import { canReadEmail, linkIn, waitForEmail } from "./mailbox";
import { proxiedUrl, uniqueIp } from "./network";
import { operatorCommands } from "./operator";
import { recordSecretsOfEveryContext } from "./seen-secrets";
import { totpCode } from "./totp";

export { expect };

export const remote = Boolean(process.env.BASE_URL);

const REMOTE_NEEDS_MAILDEV =
  "Against BASE_URL, members are made with Add user, which sends an invitation email: set MAILDEV_URL to the server's MailDev inbox (e2e/README.md).";

export interface KitUser {
  /** Unknown (null) for users made through the admin UI of a remote server. */
  id: string | null;
  email: string;
  name: string;
  password: string;
  role: "member" | "admin";
  /** The organisation's slug. */
  org: string;
  /** As the product set it at creation (the organisation's policy); "unknown" on a remote server. */
  twoFactorStatus: string;
  twoFactorDueAt: string | null;
  /** Filled in once the user has enrolled through the kit (signIn, enrol). */
  setupKey?: string;
  backupCodes?: string[];
  /** The last TOTP time step the kit used for this user (the server refuses a step twice). */
  lastStep?: number;
}

export interface KitOrg {
  slug: string;
  name: string;
  admin: KitUser;
}

export interface OrgPolicy {
  loginMethod?: "two-factor" | "standard";
  requireTwoFactor?: boolean;
  graceDays?: number;
}

export interface MemberOptions {
  /** Shown in the admin table; defaults to "QA <token>". */
  name?: string;
  role?: "member" | "admin";
  /** Of another organisation than the test's (from newOrg). */
  org?: KitOrg;
}

export interface NewPageOptions {
  /** Signed in as this user (enrolling or answering the challenge as the product asks). */
  as?: KitUser;
  /** A browser "at" this client address: it talks to the proxied local server (local only). */
  clientIp?: string;
  /**
   * For tests that fail sign-in steps on purpose: locally a client address of its own (so the
   * per-address limits of other tests are untouched); against BASE_URL, the machine's own.
   */
  ownAddress?: boolean;
  baseURL?: string;
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

interface KitFixtures {
  /** The test organisation's login method and 2FA policy; `test.use({ orgPolicy: {...} })`. */
  orgPolicy: OrgPolicy;
  /** An organisation of this test's own with its admin (remote: the demo Acme Corp). */
  org: KitOrg;
  /** Another isolated organisation, removed at the end (local only). */
  newOrg: (policy?: OrgPolicy) => Promise<KitOrg>;
  /** Creates users the way the product's Add user does (following the policy); removes them at the end. */
  members: { create: (options?: MemberOptions) => Promise<KitUser>; track: (user: Pick<KitUser, "email" | "name">) => void };
  /** One fresh member of the test organisation. */
  member: KitUser;
  /** Signs a page in as the user, through the wizard or the challenge when the product asks. */
  signIn: (page: Page, user: KitUser, callbackUrl?: string) => Promise<void>;
  /** The test's page signed in as the organisation's admin, on Admin > Login and 2FA. */
  adminPage: AdminUsersPage;
  /** A page in a browser context of its own (closed at the end). */
  newPage: (options?: NewPageOptions) => Promise<Page>;
  /** TOTP codes a user has not used yet; waits out the end of a step when it must. */
  totp: { code: (user: KitUser) => Promise<string> };
  /** Time control through the operator commands (local only). */
  clock: { moveGrace: (user: KitUser, until: string) => Promise<void>; expireLock: (user: KitUser) => Promise<void> };
  /** Read-only database access for assertions (local only). */
  db: ReturnType<typeof readOnlyDb>;
}

interface KitWorkerFixtures {
  /** Remote runs: the demo admin's page, for making and removing users through the UI. */
  remoteAdmin: AdminUsersPage | null;
  /** Every secret a browser of this worker sends is recorded for the log scan (kit/seen-secrets.ts). */
  recordSentSecrets: void;
}

const demoAdmin = (): KitUser => ({
  id: null,
  email: ACME_ADMIN,
  name: "Acme admin",
  password: DEMO_PASSWORD,
  role: "admin",
  org: "acme",
  twoFactorStatus: "unknown",
  twoFactorDueAt: null,
});

/** A fresh organisation of its own, with its admin, under `policy` (operator commands). */
export async function createOrganisation(policy: OrgPolicy): Promise<KitOrg> {
  const token = uniqueToken();
  const password = newPassword();
  const created = await operatorCommands.createOrganisation({
    slug: `qa-${token}`,
    name: `Initech ${token}`,
    adminEmail: `admin@${token}.test`,
    adminName: `Admin ${token}`,
    password,
  });
  const { organisation } = created;
  if (policy.loginMethod || policy.requireTwoFactor !== undefined || policy.graceDays !== undefined) {
    await operatorCommands.setPolicy(organisation.slug, policy);
  }
  const admin: KitUser = {
    id: created.admin.id,
    email: created.admin.email,
    name: `Admin ${token}`,
    password,
    role: "admin",
    org: organisation.slug,
    // The policy reaches the admin too.
    twoFactorStatus: policy.requireTwoFactor ? "REQUIRED" : "OFF",
    twoFactorDueAt: null,
  };
  return { slug: organisation.slug, name: organisation.name, admin };
}

/** Signs in through whatever the product asks next: nothing, the set-up wizard, or the challenge. */
async function signIn(page: Page, user: KitUser, callbackUrl?: string) {
  const login = new LoginPage(page);
  await login.goto(callbackUrl);
  await login.submit(user.email, user.password);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  if (new URL(page.url()).pathname.startsWith("/setup-2fa")) {
    const wizard = new SetupWizard(page);
    await wizard.expectLoginWizard();
    Object.assign(user, await wizard.complete());
    user.lastStep = Math.floor(Date.now() / 30_000);
  } else if (new URL(page.url()).pathname.startsWith("/login/verify")) {
    await new ChallengePage(page).enterCode(await totpCode(user));
  }
  await expect(new AppShell(page).currentUser).toBeVisible();
}

async function openContext(browser: Browser, baseURL: string | undefined, options: NewPageOptions) {
  if (options.clientIp && remote) throw new Error("Choosing a client address needs the local proxied server: not against BASE_URL.");
  const clientIp = options.clientIp ?? (options.ownAddress && !remote ? uniqueIp() : undefined);
  return browser.newContext({
    baseURL: options.baseURL ?? (clientIp ? proxiedUrl() : baseURL),
    extraHTTPHeaders: clientIp ? { "X-Forwarded-For": clientIp } : undefined,
    storageState: options.storageState,
  });
}

export const test = base.extend<KitFixtures, KitWorkerFixtures>({
  recordSentSecrets: [
    async ({ browser }, provide) => {
      recordSecretsOfEveryContext(browser);
      await provide();
    },
    { scope: "worker", auto: true },
  ],

  orgPolicy: [{ loginMethod: "two-factor" }, { option: true }],

  remoteAdmin: [
    async ({ browser }, provide) => {
      if (!remote) return provide(null);
      const context = await browser.newContext({ baseURL: process.env.BASE_URL });
      const admin = new AdminUsersPage(await context.newPage());
      await signIn(admin.page, demoAdmin());
      await admin.goto();
      await admin.useTwoFactorLoginMethod();
      await provide(admin);
      await context.close();
    },
    { scope: "worker" },
  ],

  org: async ({ orgPolicy, remoteAdmin }, provide) => {
    // On a remote server remoteAdmin has made sure the users table exists (2FA login method).
    if (remoteAdmin) {
      if (orgPolicy.requireTwoFactor || orgPolicy.graceDays || orgPolicy.loginMethod === "standard") {
        throw new Error("An organisation policy other than the 2FA login method needs a local run (not BASE_URL).");
      }
      return provide({ slug: "acme", name: "Acme Corp", admin: demoAdmin() });
    }
    const org = await createOrganisation(orgPolicy);
    await provide(org);
    await operatorCommands.deleteOrganisation(org.slug);
  },

  newOrg: async ({}, provide) => {
    const made: KitOrg[] = [];
    await provide(async (policy = { loginMethod: "two-factor" }) => {
      if (remote) throw new Error("A second organisation needs a local run (not BASE_URL).");
      const org = await createOrganisation(policy);
      made.push(org);
      return org;
    });
    for (const org of made) await operatorCommands.deleteOrganisation(org.slug);
  },

  members: async ({ org, remoteAdmin, browser }, provide, testInfo) => {
    const made: Pick<KitUser, "email" | "name">[] = [];
    const create = async (options: MemberOptions = {}): Promise<KitUser> => {
      const token = uniqueToken();
      const name = options.name ?? `QA ${token}`;
      const password = newPassword();
      const role = options.role ?? "member";
      if (remoteAdmin) {
        if (options.role === "admin" || options.org) throw new Error("Remote runs make members of Acme Corp only.");
        if (!canReadEmail()) throw new Error(REMOTE_NEEDS_MAILDEV);
        const email = `qa-${token}@acme.test`;
        await remoteAdmin.goto();
        await remoteAdmin.addUser({ name, email });
        made.push({ email, name });
        // Add user invites: the person chooses their password with the email's link (in a browser of their own, closed after).
        const invitation = await waitForEmail(email, /invited you to/);
        const context = await browser.newContext({ baseURL: process.env.BASE_URL });
        try {
          await new InvitationPage(await context.newPage()).accept(linkIn(invitation, "/invitation"), password);
        } finally {
          await context.close();
        }
        return { id: null, email, name, password, role, org: "acme", twoFactorStatus: "unknown", twoFactorDueAt: null };
      }
      const slug = options.org?.slug ?? org.slug;
      const created = await operatorCommands.createUser({ org: slug, email: `${role}-${token}@${slug}.test`, name, role, password });
      return { ...created, name, password, role, org: slug };
    };
    await provide({ create, track: (user) => made.push(user) });
    // Locally the organisation's removal takes its members along; remotely each is removed in the UI.
    if (!remoteAdmin) return;
    for (const user of made) {
      try {
        await remoteAdmin.removeUsers(user.email, [user.name], { password: DEMO_PASSWORD });
      } catch (error) {
        const message = `could not remove ${user.email} through "Remove user": ${error instanceof Error ? error.message.split("\n")[0] : error}`;
        testInfo.annotations.push({ type: "cleanup", description: message });
        console.warn(`e2e kit: ${message}`);
      }
    }
  },

  member: async ({ members }, provide) => provide(await members.create()),

  signIn: async ({}, provide) => provide(signIn),

  adminPage: async ({ page, org }, provide) => {
    // Straight to the admin page after the login (no dashboard on the way).
    await signIn(page, org.admin, "/admin/login-and-2fa");
    await provide(new AdminUsersPage(page));
  },

  newPage: async ({ browser, baseURL }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (options = {}) => {
      const context = await openContext(browser, baseURL, options);
      contexts.push(context);
      const page = await context.newPage();
      if (options.as) await signIn(page, options.as);
      return page;
    });
    for (const context of contexts) await context.close();
  },

  totp: async ({}, provide) => provide({ code: totpCode }),

  clock: async ({}, provide) =>
    provide({
      moveGrace: async (user, until) => void (await operatorCommands.moveGrace(user.org, user.email, until)),
      expireLock: async (user) => void (await operatorCommands.expireLock(user.org, user.email)),
    }),

  db: async ({}, provide) => provide(readOnlyDb()),
});
