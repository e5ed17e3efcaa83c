import { expect, test } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";
import { canReadEmail, emailsTo, linkIn, waitForEmail } from "./kit/mailbox";
import { AccessListPanel } from "./pages/access-list-panel";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";

// The security notices, as their readers get them: through the real SMTP receiver of the run
// (or, against BASE_URL, the server's MailDev inbox when MAILDEV_URL names it).
test.skip(() => !canReadEmail(), "needs the run's mailbox (locally always; remotely MAILDEV_URL)");

test(
  "an admin's bulk Enable 2FA mails the user that 2FA is now required, with a link to sign in",
  { tag: "@remote" },
  async ({ adminPage, members }) => {
    const token = uniqueToken();
    const ann = await members.create({ name: `Ann ${token}` });
    await adminPage.goto(token);
    await adminPage.select(ann.name);
    await adminPage.runBulk("Enable 2FA");
    await expect(adminPage.message("2FA enabled for 1 user.")).toBeVisible();

    const email = await waitForEmail(ann.email, /Two-factor authentication is now required/);
    expect(email.text).toContain("An admin of");
    expect(email.text).toContain("set up an authenticator app");
    expect(linkIn(email, "/login")).toBeTruthy();
  },
);

test.describe("with 2FA required by the policy", () => {
  test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

  test("a sign-in with a backup code mails the user how many codes are left", async ({ member, newPage }) => {
    const page = await newPage({ as: member }); // enrols through the wizard: 10 backup codes
    await waitForEmail(member.email, /Two-factor authentication is on/);
    await new AppShell(page).signOut();
    await new LoginPage(page).passwordStep(member.email, member.password);
    await new ChallengePage(page).enterBackupCode(member.backupCodes![0]!);
    await expect(page).toHaveURL(/\/dashboard$/);

    const email = await waitForEmail(member.email, /A backup code was used/);
    expect(email.text).toContain("You have 9 backup codes left.");
    expect(email.text).toContain("Wasn't you?");
  });
});

test("an Access List change mails every admin what changed and who did it", async ({ org, members, newPage }) => {
  const otherAdmin = await members.create({ role: "admin" });
  const member = await members.create();
  const page = await newPage({ as: org.admin, clientIp: "198.51.100.10" });
  await page.goto("/admin/login-and-2fa");
  const list = new AccessListPanel(page);
  await list.addEntry("203.0.113.9/24", "Office", "203.0.113.0/24");

  for (const admin of [org.admin, otherAdmin]) {
    const email = await waitForEmail(admin.email, /Access List changed/);
    expect(email.text).toContain(`was changed by ${org.admin.email}: added 203.0.113.0/24 (Office).`);
  }
  expect((await emailsTo(member.email)).filter((email) => /Access List/.test(email.subject))).toEqual([]);
});

test("a sign-in from an address not used before mails the user its IP and browser; the first sign-in does not", async ({ member, newPage }) => {
  await newPage({ as: member, clientIp: "192.0.2.81" }); // the very first sign-in: every address is new, no email
  await newPage({ as: member, clientIp: "192.0.2.82" });

  const email = await waitForEmail(member.email, /from a new address/);
  expect(email.text).toContain("192.0.2.82");
  expect(email.text).toMatch(/Chrome on Linux/);
  const notices = (await emailsTo(member.email)).filter((mail) => /from a new address/.test(mail.subject));
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).not.toContain("192.0.2.81");
});
