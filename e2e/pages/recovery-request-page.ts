import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";

/** /login/recovery: "Lost your phone and backup codes?", a request to the organisation's admins. */
export class RecoveryRequestPage {
  readonly heading: Locator;
  readonly message: Locator;
  readonly send: Locator;
  /** After sending: "Request sent to your admins" and what happens next. */
  readonly sentHeading: Locator;
  readonly sentNotice: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Lost your phone and backup codes?", level: 1 });
    this.message = page.getByLabel("Message to your admins (optional)");
    this.send = page.getByRole("button", { name: "Send request to my admins" });
    this.sentHeading = page.getByRole("heading", { name: "Request sent to your admins", level: 1 });
    this.sentNotice = page.getByRole("status");
    this.error = formError(page);
  }

  async expectOpen() {
    await expect(this.page).toHaveURL(/\/login\/recovery/);
    await expect(this.heading).toBeVisible();
  }

  /** Sends the request (with a message, if given) and waits for "Request sent". */
  async sendRequest(message?: string) {
    if (message) await this.message.fill(message);
    await this.send.click();
    await expect(this.sentHeading).toBeVisible();
  }
}
