import { expect, test } from "./kit/fixtures";
import { callServerAction } from "./kit/server-actions";
import { LoginPage } from "./pages/login-page";

// Issue 12, hazard 1: "Standard" does what it says (DESIGN §1), and only once it is saved and confirmed.
test("Standard asks nobody for a code once saved and confirmed; arrow keys save nothing; switching back asks again", async ({
  org,
  adminPage,
  members,
  newPage,
}) => {
  const member = await members.create();
  await adminPage.goto(member.name);
  await adminPage.select(member.name);
  await adminPage.runBulk("Enable 2FA");
  await newPage({ as: member }); // enrols through the wizard

  // An arrow key in the radio group only moves the choice: nothing is saved.
  await adminPage.goto();
  // Until the page has hydrated the radios are inert buttons: press again until the key is heard.
  await expect(async () => {
    await adminPage.loginMethodOption("two-factor").focus();
    await adminPage.page.keyboard.press("ArrowUp");
    await expect(adminPage.loginMethodOption("standard")).toBeChecked({ timeout: 1000 });
  }).toPass();
  await expect(adminPage.page.getByText("Not saved yet")).toBeVisible();
  await adminPage.page.reload();
  await expect(adminPage.loginMethodOption("two-factor")).toBeChecked();

  // Save asks for confirmation, says whom it affects, and is stepped up.
  await adminPage.loginMethodOption("standard").check();
  await adminPage.page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(adminPage.dialog.getByTestId("login-method-impact")).toContainText("This affects 1 user: 1 user with 2FA set up and 0 users");
  await expect(adminPage.dialog.getByRole("button", { name: "Switch to Standard" })).toBeDisabled();
  await adminPage.dialog.getByRole("button", { name: "Cancel" }).click();
  await adminPage.page.reload();
  await expect(adminPage.loginMethodOption("two-factor")).toHaveAccessibleName(/\(current\)/);

  // The step-up is the server's: a hand-crafted call without it, or with a wrong password, changes nothing.
  for (const confirmation of [undefined, { method: "password", password: "not-my-password" }]) {
    const crafted = await callServerAction(adminPage.page.request, {
      page: "/admin/login-and-2fa",
      filename: "app/(app)/admin/login-and-2fa/actions.ts",
      exportedName: "saveLoginMethod",
      args: [{ loginMethod: "STANDARD", confirmation }],
    });
    expect(crafted.body).not.toContain('"ok":true');
  }
  await adminPage.page.reload();
  await expect(adminPage.loginMethodOption("two-factor")).toHaveAccessibleName(/\(current\)/);

  await adminPage.chooseLoginMethod("standard", { password: org.admin.password });
  // The users table stays available under Standard.
  await expect(adminPage.row(member.name)).toContainText("Active");

  // The enrolled member signs in with the password alone.
  const memberPage = await newPage();
  await new LoginPage(memberPage).logIn(member.email, member.password);

  // Back on 2FA, the member's password-only session meets the challenge at its next page.
  await adminPage.chooseLoginMethod("two-factor");
  await memberPage.goto("/dashboard");
  await expect(memberPage).toHaveURL(/\/login\/verify/);
});
