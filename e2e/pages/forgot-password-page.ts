import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";

/** /forgot-password: asks for a reset link; the answer is the same for every address. */
export class ForgotPasswordPage {
  readonly email: Locator;
  readonly send: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.send = page.getByRole("button", { name: "Send reset link" });
    this.error = formError(page);
  }

  async goto() {
    await this.page.goto("/forgot-password");
  }

  /** From the login page, as a user finds it: the "Forgot password?" link. */
  async openFromLogin() {
    await this.page.goto("/login");
    await this.page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(this.page).toHaveURL(/\/forgot-password$/);
  }

  /** Asks for a link for `email` and expects the one neutral answer. */
  async requestLink(email: string) {
    await this.email.fill(email);
    await this.send.click();
    await expect(this.answer(email)).toBeVisible();
  }

  /** The answer every address gets. */
  answer(email: string): Locator {
    return this.page.getByText(`If an account exists for ${email}, we sent a link to reset its password. It works for 30 minutes.`);
  }
}
