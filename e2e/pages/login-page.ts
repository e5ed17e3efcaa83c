import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";

/** /login: the password step, or a passkey alone. */
export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly error: Locator;
  /** "Sign in with a passkey": the passkey alone, no password. */
  readonly passkey: Locator;

  constructor(readonly page: Page) {
    this.passkey = page.getByRole("button", { name: "Sign in with a passkey" });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.error = formError(page);
  }

  async goto(callbackUrl?: string) {
    return this.page.goto(callbackUrl === undefined ? "/login" : `/login?${new URLSearchParams({ callbackUrl })}`);
  }

  /** Fills and submits the form on the page as it is (no navigation first). */
  async submit(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }

  /** A password-only sign-in that lands in the app. */
  async logIn(email: string, password: string) {
    await this.goto();
    await this.submit(email, password);
    await expect(this.page.getByTestId("current-user")).toBeVisible();
  }

  /** Goes through the password step and expects the 2FA challenge next. */
  async passwordStep(email: string, password: string) {
    await this.goto();
    await this.submit(email, password);
    await expect(this.page).toHaveURL(/\/login\/verify/);
  }

  /** Signs in with the page's passkey alone (a VirtualAuthenticator attached to the page); goes to /login first. */
  async signInWithPasskey() {
    await this.goto();
    await this.passkey.click();
  }
}
