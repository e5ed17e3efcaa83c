import { expect, test } from "../kit/fixtures";
import { nextStepCode } from "../kit/totp";
import { AccessListPanel } from "../pages/access-list-panel";
import { AdminUsersPage } from "../pages/admin-users-page";
import { ChallengePage } from "../pages/challenge-page";
import { LoginPage } from "../pages/login-page";

// Two app instances on one PostgreSQL database: what one decides, the other honours.
const A = () => process.env.E2E_INSTANCE_A!;
const B = () => process.env.E2E_INSTANCE_B!;
const ADMIN_IP = "198.51.100.10";
const OFFICE = "203.0.113.0/24";
const INSIDE = "203.0.113.5";

test.describe("an organisation that requires 2FA", () => {
  test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

  test("a TOTP code accepted by instance A is refused by instance B", async ({ member, newPage }) => {
    await newPage({ baseURL: A(), clientIp: INSIDE, as: member }); // enrols through the wizard on A

    const onA = await newPage({ baseURL: A(), clientIp: INSIDE });
    const onB = await newPage({ baseURL: B(), clientIp: INSIDE });
    for (const page of [onA, onB]) await new LoginPage(page).passwordStep(member.email, member.password);
    const code = nextStepCode(member.setupKey!);
    await new ChallengePage(onA).enterCode(code);
    await expect(onA).toHaveURL(/\/dashboard$/);

    const challengeB = new ChallengePage(onB);
    await challengeB.enterCode(code);
    await expect(challengeB.error).toContainText("That code is not valid");
  });
});

test("a 2FA reset on instance A signs the user out on instance B", async ({ org, member, newPage, signIn }) => {
  const admin = new AdminUsersPage(await newPage({ baseURL: A(), clientIp: INSIDE, as: org.admin }));
  await admin.goto(member.email);
  await admin.select(member.name);
  await admin.runBulk("Enable 2FA");
  await expect(admin.row(member.name)).toContainText("Required");

  const user = await newPage({ baseURL: B(), clientIp: INSIDE });
  await signIn(user, member); // enrols through the wizard on B
  await expect(user).toHaveURL(/\/dashboard$/);

  await admin.goto(member.email);
  await admin.select(member.name);
  await admin.runBulk("Reset 2FA", { password: org.admin.password });
  await expect(admin.message("2FA reset for 1 user.")).toBeVisible();

  await user.goto("/dashboard");
  await expect(user).toHaveURL(/\/login/);
});

test("an Access List change on instance A blocks sessions on instance B within 5 seconds", async ({ org, member, newPage }) => {
  const admin = await newPage({ baseURL: A(), clientIp: ADMIN_IP, as: org.admin });
  await admin.goto("/admin/login-and-2fa");
  const list = new AccessListPanel(admin);
  await list.allowOnly([
    [ADMIN_IP, "Admin"],
    [OFFICE, "Office"],
  ]);

  const memberPage = await newPage({ baseURL: B(), clientIp: INSIDE, as: member });
  await list.remove(OFFICE);
  await expect(list.entries).toHaveCount(1);
  const changedAt = Date.now();
  await expect.poll(async () => (await memberPage.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(403);
  expect(Date.now() - changedAt).toBeLessThan(5000);
});
