import { expect, test } from "./kit/fixtures";
import { currentCode } from "./kit/totp";
import { LoginPage } from "./pages/login-page";
import { SetupWizard } from "./pages/setup-wizard";

test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

// Issue 12, hazard 3: the "saved" box and Verify never disagree, also after a wrong code.
test("the wizard's saved-codes box and Verify agree after a wrong code, and Verify says why it waits", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true });
  await new LoginPage(page).goto();
  await new LoginPage(page).submit(member.email, member.password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  const { setupKey } = await wizard.readSecrets();

  const saved = page.getByLabel("I have saved my backup codes");
  const verify = page.getByRole("button", { name: "Verify" });
  await expect(verify).toBeDisabled();
  await expect(verify).toHaveAccessibleDescription(/once you have ticked .I have saved my backup codes/);

  await saved.check();
  await page.getByLabel("Authentication code").fill("000000");
  await verify.click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not valid." })).toBeVisible();
  // The wrong code changed nothing the user chose: still ticked, Verify still on, no reason shown.
  await expect(saved).toBeChecked();
  await expect(verify).toBeEnabled();
  await expect(page.getByText("Verify is available once")).toHaveCount(0);

  await saved.uncheck();
  await expect(verify).toBeDisabled();
  await saved.check();
  await page.getByLabel("Authentication code").fill(await currentCode(setupKey));
  await verify.click();
  await expect(page.getByTestId("current-user")).toBeVisible();
});

test("Copy and Download of the backup codes say they worked, and hand over exactly the codes shown", async ({ member, newPage }) => {
  const page = await newPage({ ownAddress: true });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await new LoginPage(page).goto();
  await new LoginPage(page).submit(member.email, member.password);
  const wizard = new SetupWizard(page);
  await wizard.expectLoginWizard();
  const { backupCodes } = await wizard.readSecrets();

  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Backup codes copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.match(/[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}/g)).toEqual(backupCodes);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  const file = await (await download).createReadStream();
  let text = "";
  for await (const chunk of file) text += chunk;
  expect(text.match(/[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}/g)).toEqual(backupCodes);
  await expect(page.getByRole("status").filter({ hasText: "Backup codes downloaded" })).toBeVisible();
});
