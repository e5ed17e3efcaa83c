import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";

/** /login/verify: the second factor, by authenticator code or backup code. */
export class ChallengePage {
  readonly code: Locator;
  readonly backupCode: Locator;
  readonly verify: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.code = page.getByLabel("Authentication code");
    this.backupCode = page.getByLabel("Backup code");
    this.verify = page.getByRole("button", { name: "Verify", exact: true });
    this.error = formError(page);
  }

  async enterCode(code: string) {
    await this.code.fill(code);
    await this.verify.click();
  }

  async enterBackupCode(code: string) {
    await this.page.getByRole("button", { name: "Use a backup code" }).click();
    await this.backupCode.fill(code);
    await this.verify.click();
  }

  /** Waits for the answer to the last try (the same message may repeat). */
  async answered() {
    await expect(this.verify).toBeEnabled();
  }
}
