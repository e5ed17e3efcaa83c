import type { Page } from "@playwright/test";
import { expect, test } from "./kit/fixtures";
import { newPassword, uniqueToken } from "./kit/accounts";
import { emailsTo, linkIn, waitForEmail, type ReceivedEmail } from "./kit/mailbox";
import { callServerAction } from "./kit/server-actions";
import { InvitationPage } from "./pages/invitation-page";
import { SetupWizard } from "./pages/setup-wizard";

// Issue 13: Add user sends an invitation (single-use link, 7 days) instead of showing a password;
// the person chooses their password and goes straight on; the admin can resend or revoke it.
// The organisation requires 2FA, so the invited person meets the setup wizard right after.
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

const INVITED = /invited you to/;

/** The newest invitation email to `address` once there are `count` of them. */
async function nthInvitation(address: string, count: number): Promise<ReceivedEmail> {
  await expect.poll(async () => (await emailsTo(address)).filter((mail) => INVITED.test(mail.subject)).length, { timeout: 30_000 }).toBe(count);
  return (await emailsTo(address)).filter((mail) => INVITED.test(mail.subject)).at(-1)!;
}

test("an invited user chooses a password from the email and goes straight into the setup wizard", async ({ adminPage: admin, org, newPage }) => {
  const token = uniqueToken();
  const name = `Ivy ${token}`;
  const email = `ivy-${token}@${org.slug}.test`;
  await admin.addUser({ name, email });
  await admin.goto(token);
  await expect(admin.invitedBadge(name)).toBeVisible();
  await expect(admin.invitationExpiry(name)).toHaveText(/^expires \d{1,2} \w{3} \d{4}$/);
  // "Invited" is an account state beside the name; the 2FA status column still says what the policy made it.
  await expect(admin.row(name)).toContainText("Required");

  const invitation = await waitForEmail(email, INVITED);
  expect(invitation.subject).toBe(`${org.admin.name} invited you to ${org.name} on Twofold`);
  const link = linkIn(invitation, "/invitation");

  const page = await newPage();
  const invitationPage = new InvitationPage(page);
  const response = await invitationPage.open(link);
  expect(response?.status()).toBe(200);
  // The token in the URL is never stored by a cache nor sent on in a Referer.
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(response?.headers()["referrer-policy"]).toBe("strict-origin");
  await expect(invitationPage.heading).toHaveText(`Join ${org.name}`);
  await expect(invitationPage.email).toHaveValue(email);

  await invitationPage.choosePassword("password123");
  await expect(page.getByText("That is one of the most commonly used passwords")).toBeVisible();
  await expect(invitationPage.password).toBeFocused();
  const password = newPassword();
  await invitationPage.choosePassword(password, `${password}x`);
  await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
  await expect(page).toHaveURL(/\/invitation\?token=/);

  await invitationPage.choosePassword(password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  await wizard.complete();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("current-user")).toBeVisible();

  await admin.goto(token);
  await expect(admin.row(name)).toContainText("Active");
  await expect(admin.invitedBadge(name)).toHaveCount(0);

  // The link worked once.
  const again = await newPage();
  const used = await new InvitationPage(again).open(link);
  expect(used?.status()).toBe(404);
  await expect(new InvitationPage(again).invalid).toBeVisible();
  await expect(again.getByText("Ask your admin to resend it.")).toBeVisible();
});

test("resend makes the old link invalid; revoke removes the invited user and their link", async ({ adminPage: admin, org, newPage }) => {
  const token = uniqueToken();
  const name = `Rex ${token}`;
  const email = `rex-${token}@${org.slug}.test`;
  await admin.addUser({ name, email });
  const first = linkIn(await nthInvitation(email, 1), "/invitation");

  await admin.goto(token);
  await admin.resendInvitation(name);
  const second = linkIn(await nthInvitation(email, 2), "/invitation");
  expect(second).not.toBe(first);

  const page = await newPage();
  const invitationPage = new InvitationPage(page);
  expect((await invitationPage.open(first))?.status()).toBe(404);
  await expect(invitationPage.invalid).toBeVisible();
  await invitationPage.open(second);
  await expect(invitationPage.heading).toHaveText(`Join ${org.name}`);

  await admin.revokeInvitation(name);
  await expect(admin.row(name)).toHaveCount(0);
  await page.reload();
  await expect(invitationPage.invalid).toBeVisible();
});

test("the invitation form works before JavaScript loads (a plain form post)", async ({ adminPage: admin, org, browser, baseURL }) => {
  const token = uniqueToken();
  const email = `nojs-${token}@${org.slug}.test`;
  await admin.addUser({ name: `NoJS ${token}`, email });
  const link = linkIn(await waitForEmail(email, INVITED), "/invitation");
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const invitationPage = new InvitationPage(page);
    await invitationPage.open(link);
    await invitationPage.choosePassword("password123");
    await expect(page.getByText("That is one of the most commonly used passwords")).toBeVisible();
    await invitationPage.choosePassword(newPassword());
    await expect(page).toHaveURL(/\/setup-2fa$/);
  } finally {
    await context.close();
  }
});

test("inviting an address that has an account in another organisation answers the same and mails its owner instead", async ({
  adminPage: admin,
  org,
  newOrg,
}) => {
  const other = await newOrg();
  const owner = other.admin;
  await admin.addUser({ name: "Not Mine", email: owner.email });
  // Nothing was created here; the address's owner hears who tried.
  await admin.goto(owner.email);
  await expect(admin.page.getByText("No users match this search.")).toBeVisible();
  const told = await waitForEmail(owner.email, /tried to invite you/);
  expect(told.subject).toBe(`${org.name} tried to invite you to Twofold`);
  expect(told.links.some((link) => link.includes("/invitation"))).toBe(false);
});

test("Resend and Revoke replayed over HTTP by a member, or by another organisation's admin, change nothing", async ({
  adminPage: admin,
  org,
  members,
  newOrg,
  newPage,
  db,
}) => {
  const token = uniqueToken();
  const email = `kept-${token}@${org.slug}.test`;
  await admin.addUser({ name: `Kept ${token}`, email });
  await waitForEmail(email, INVITED);
  const invited = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const call = (page: Page, exportedName: string) =>
    callServerAction(page.request, {
      page: "/admin/login-and-2fa",
      filename: "app/(app)/admin/login-and-2fa/actions.ts",
      exportedName,
      args: [{ userId: invited.id }],
    });

  const memberPage = await newPage({ as: await members.create() });
  const foreignAdminPage = await newPage({ as: (await newOrg()).admin });
  for (const action of ["resendInvitationAction", "revokeInvitationAction"]) {
    const byMember = await call(memberPage, action);
    expect(byMember.body).toContain("FORBIDDEN");
    const byForeignAdmin = await call(foreignAdminPage, action);
    expect(byForeignAdmin.body).toContain("no longer invited");
    for (const result of [byMember, byForeignAdmin]) expect(result.body).not.toContain('"ok":true');
  }

  expect(await db.user.findUniqueOrThrow({ where: { email }, select: { accountStatus: true } })).toEqual({ accountStatus: "INVITED" });
  expect(await db.invitation.findUniqueOrThrow({ where: { userId: invited.id }, select: { sentCount: true } })).toEqual({ sentCount: 1 });
  expect((await emailsTo(email)).length).toBe(1);
});
