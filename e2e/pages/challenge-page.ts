import { expect, type Locator, type Page } from "@playwright/test";
import { wrongCode } from "../kit/totp";
import { formError } from "./app-shell";

/** /login/verify: the second factor, by passkey, authenticator code, backup code or an admin's temporary access code. */
export class ChallengePage {
  readonly code: Locator;
  readonly backupCode: Locator;
  readonly temporaryCode: Locator;
  /** "Lost your phone and backup codes?": to the recovery request page. */
  readonly lostEverything: Locator;
  readonly verify: Locator;
  readonly error: Locator;
  /** "Trust this browser for N days" (only while the organisation allows it). */
  readonly trustBrowser: Locator;
  /** "Use your passkey": the challenge opens on it for a user with a passkey (the form's button then). */
  readonly passkey: Locator;

  constructor(readonly page: Page) {
    this.passkey = page.getByRole("button", { name: "Use your passkey", exact: true });
    this.trustBrowser = page.getByRole("checkbox", { name: /^Trust this browser for \d+ days$/ });
    this.code = page.getByLabel("Authentication code");
    this.backupCode = page.getByLabel("Backup code");
    this.temporaryCode = page.getByLabel("Temporary access code");
    this.lostEverything = page.getByRole("link", { name: "Lost your phone and backup codes?" });
    this.verify = page.getByRole("button", { name: "Verify", exact: true });
    this.error = formError(page);
  }

  async enterCode(code: string) {
    await this.code.fill(code);
    await this.verify.click();
  }

  /** Ticks "Trust this browser for N days" (then enter a code as usual). */
  async trustThisBrowser(days?: number) {
    if (days !== undefined) await expect(this.trustBrowser).toHaveAccessibleName(`Trust this browser for ${days} days`);
    await this.trustBrowser.check();
  }

  /** Answers with the page's passkey (a VirtualAuthenticator attached to the page), from a challenge that opened on it. */
  async usePasskey() {
    await this.passkey.click();
  }

  async enterBackupCode(code: string) {
    await this.page.getByRole("button", { name: "Use a backup code" }).click();
    await this.backupCode.fill(code);
    await this.verify.click();
  }

  async enterTemporaryCode(code: string) {
    await this.page.getByRole("button", { name: "Use a temporary access code" }).click();
    await this.temporaryCode.fill(code);
    await this.verify.click();
  }

  /** Waits for the answer to the last try (the same message may repeat). */
  async answered() {
    await expect(this.verify).toBeEnabled();
  }

  /** Five wrong codes, each answered "not valid" until the fifth locks the 2FA step. */
  async lockWithWrongCodes(setupKey: string) {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await this.enterCode(wrongCode(setupKey));
      await this.answered();
      await expect(this.error).toContainText(attempt < 5 ? "That code is not valid" : "locked for at least 15 minutes");
    }
  }
}
