import { expect, type Locator, type Page } from "@playwright/test";

/** /invitation?token=…: the invitation email's link, where the invited person chooses their password. */
export class InvitationPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly confirmPassword: Locator;
  /** "This invitation link is no longer valid" (used, replaced by a resend, revoked or expired). */
  readonly invalid: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("New password");
    this.confirmPassword = page.getByLabel("Confirm password");
    this.invalid = page.getByRole("heading", { name: "This invitation link is no longer valid" });
  }

  /** Opens the link from the email; returns the response (its status and headers). */
  async open(link: string) {
    return this.page.goto(link);
  }

  /** Types the password twice (or `confirm` the second time) and submits. */
  async choosePassword(password: string, confirm = password) {
    await this.password.fill(password);
    await this.confirmPassword.fill(confirm);
    await this.page.getByRole("button", { name: "Set password and continue" }).click();
  }

  /** Opens the link and chooses the password, expecting the product to move on (the wizard or the app). */
  async accept(link: string, password: string) {
    await this.open(link);
    await expect(this.heading).toHaveText(/^Join /);
    await this.choosePassword(password);
    await expect(this.page).not.toHaveURL(/\/invitation/);
  }
}
