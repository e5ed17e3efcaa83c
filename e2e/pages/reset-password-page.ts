import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";

/** /reset-password?token=…: the emailed link's page, choosing a new password. */
export class ResetPasswordPage {
  readonly newPassword: Locator;
  readonly confirmPassword: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  /** What an unknown, expired or used link shows. */
  readonly noLongerValid: Locator;

  constructor(readonly page: Page) {
    this.newPassword = page.getByLabel("New password", { exact: true });
    this.confirmPassword = page.getByLabel("Confirm new password");
    this.submit = page.getByRole("button", { name: "Set new password" });
    this.error = formError(page);
    this.noLongerValid = page.getByRole("heading", { name: "This link is no longer valid" });
  }

  /** Opens the link from the email; returns the page's response (its headers). */
  async open(link: string) {
    return this.page.goto(link);
  }

  /** Types the new password twice and submits. */
  async choose(password: string, confirmation = password) {
    await this.newPassword.fill(password);
    await this.confirmPassword.fill(confirmation);
    await this.submit.click();
  }

  /** Expects the login page it sends to after a reset, with its message (not signed in). */
  async expectDone() {
    await expect(this.page).toHaveURL(/\/login\?notice=password-reset$/);
    await expect(this.page.getByText("Your password was changed. Sign in with your new password.")).toBeVisible();
  }
}
