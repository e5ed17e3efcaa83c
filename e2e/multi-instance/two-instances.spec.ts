import { expect, test, type Browser } from "@playwright/test";
import { fillLogin, formError, logIn } from "../fixtures/accounts";
import { contextAt } from "../fixtures/network";
import { nextStepCode } from "../fixtures/totp";
import { enrolThroughWizard } from "../fixtures/two-factor";
import { createOrganisation, testDb } from "../fixtures/users";

// Two app instances on one PostgreSQL database: what one decides, the other honours.
const A = () => process.env.E2E_INSTANCE_A!;
const B = () => process.env.E2E_INSTANCE_B!;
const ADMIN_IP = "198.51.100.10";
const OFFICE = "203.0.113.0/24";
const INSIDE = "203.0.113.5";

async function organisationUsingTwoFactor() {
  const organisation = await createOrganisation();
  await testDb().organisation.update({ where: { slug: organisation.slug }, data: { loginMethod: "TWO_FACTOR" } });
  await testDb().user.update({ where: { email: organisation.member.email }, data: { twoFactorStatus: "REQUIRED" } });
  return organisation;
}

async function pageAt(browser: Browser, baseURL: string, ip = INSIDE) {
  return (await contextAt(browser, baseURL, ip)).newPage();
}

test("a TOTP code accepted by instance A is refused by instance B", async ({ browser }) => {
  const { member } = await organisationUsingTwoFactor();
  const { setupKey } = await enrolThroughWizard(await pageAt(browser, A()), member);

  const onA = await pageAt(browser, A());
  const onB = await pageAt(browser, B());
  for (const page of [onA, onB]) {
    await page.goto("/login");
    await fillLogin(page, member.email, member.password);
    await expect(page).toHaveURL(/\/login\/verify/);
  }
  const code = nextStepCode(setupKey);
  await onA.getByLabel("Authentication code").fill(code);
  await onA.getByRole("button", { name: "Verify" }).click();
  await expect(onA).toHaveURL(/\/dashboard$/);

  await onB.getByLabel("Authentication code").fill(code);
  await onB.getByRole("button", { name: "Verify" }).click();
  await expect(formError(onB)).toContainText("That code is not valid");
});

test("a 2FA reset on instance A signs the user out on instance B", async ({ browser }) => {
  const organisation = await organisationUsingTwoFactor();
  const user = await pageAt(browser, B());
  await enrolThroughWizard(user, organisation.member);
  await expect(user).toHaveURL(/\/dashboard$/);

  const admin = await pageAt(browser, A());
  await logIn(admin, organisation.admin.email);
  await admin.goto(`/admin/login-and-2fa?q=${encodeURIComponent(organisation.member.email)}`);
  await admin.getByRole("checkbox", { name: /^Select member/ }).check();
  await admin.getByRole("button", { name: "Reset 2FA", exact: true }).first().click();
  await admin.getByRole("dialog").getByLabel("Your password").fill(organisation.admin.password);
  await admin.getByRole("dialog").getByRole("button", { name: "Reset 2FA" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "2FA reset for 1 user." })).toBeVisible();

  await user.goto("/dashboard");
  await expect(user).toHaveURL(/\/login/);
});

test("an Access List change on instance A blocks sessions on instance B within 5 seconds", async ({ browser }) => {
  const organisation = await createOrganisation();
  const admin = await pageAt(browser, A(), ADMIN_IP);
  await logIn(admin, organisation.admin.email);
  await admin.goto("/admin/login-and-2fa");
  for (const [cidr, description] of [
    [ADMIN_IP, "Admin"],
    [OFFICE, "Office"],
  ]) {
    await admin.getByLabel("IP address or range").last().fill(cidr!);
    await admin.getByLabel("Description").last().fill(description!);
    await admin.getByRole("button", { name: "Add entry" }).click();
    await expect(admin.getByTestId("access-list-entry").filter({ hasText: cidr! })).toBeVisible();
  }
  await admin.getByRole("switch", { name: "Restrict platform access to the Access List" }).check();
  await expect(admin.getByText("Only the addresses and ranges below")).toBeVisible();

  const member = await pageAt(browser, B(), INSIDE);
  await logIn(member, organisation.member.email);
  await admin.getByRole("button", { name: `Remove ${OFFICE}` }).click();
  await expect(admin.getByTestId("access-list-entry")).toHaveCount(1);
  const changedAt = Date.now();
  await expect.poll(async () => (await member.request.get("/dashboard")).status(), { timeout: 5000, intervals: [250] }).toBe(403);
  expect(Date.now() - changedAt).toBeLessThan(5000);
});
