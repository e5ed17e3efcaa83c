import { expect, type Locator, type Page } from "@playwright/test";
import { recordSecret } from "../kit/seen-secrets";
import { currentCode } from "../kit/totp";
import { formError } from "./app-shell";

export interface Enrolment {
  setupKey: string;
  backupCodes: string[];
}

const BACKUP_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** The set-up wizard: at /setup-2fa for a Required user, or inside Settings > Security; it ends on "2FA is on". */
export class SetupWizard {
  readonly setupKey: Locator;
  readonly backupCodes: Locator;
  readonly error: Locator;
  /** The confirmation after Verify: its heading, and "Backup codes left: N of 10". */
  readonly enabledHeading: Locator;
  readonly backupCodesLeft: Locator;
  /** On a phone (below the sm breakpoint): the otpauth:// link that hands the entry to an authenticator on the same device. */
  readonly openInApp: Locator;

  constructor(readonly page: Page) {
    this.setupKey = page.getByTestId("setup-key");
    this.backupCodes = page.getByTestId("backup-codes").getByRole("listitem");
    this.error = formError(page);
    this.enabledHeading = page.getByRole("heading", { name: "2FA is on", level: 1 });
    this.backupCodesLeft = page.getByTestId("backup-codes-left");
    this.openInApp = page.getByRole("link", { name: "Open in authenticator app" });
  }

  async expectLoginWizard() {
    await expect(this.page).toHaveURL(/\/setup-2fa/);
    await expect(this.page.getByText("Google Authenticator")).toBeVisible();
    await expect(this.page.getByText("choose Other when you add the account")).toBeVisible();
  }

  /** Past "install an app": reads the setup key and the ten backup codes as a user would save them. */
  async readSecrets(): Promise<Enrolment> {
    await this.page.getByRole("button", { name: "Continue" }).click();
    const setupKey = (await this.setupKey.textContent())!;
    recordSecret("totp-secret", setupKey.replace(/\s+/g, ""));
    await expect(this.page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    return { setupKey, backupCodes: await this.savedBackupCodes() };
  }

  /** Ticks "saved" and confirms with the authenticator's current code. */
  async confirm(setupKey: string) {
    await this.page.getByLabel("I have saved my backup codes").check();
    await this.page.getByLabel("Authentication code").fill(await currentCode(setupKey));
    await this.page.getByRole("button", { name: "Verify" }).click();
  }

  /** On the "2FA is on" confirmation after Verify: Continue goes where the user was going. */
  async continue() {
    await expect(this.enabledHeading).toBeVisible();
    await this.page.getByRole("link", { name: "Continue" }).click();
    await expect(this.enabledHeading).toHaveCount(0);
  }

  /** The whole wizard from its first step, through the confirmation; returns what the user saved. */
  async complete(): Promise<Enrolment> {
    const enrolment = await this.readSecrets();
    await this.confirm(enrolment.setupKey);
    await this.continue();
    return enrolment;
  }

  /** From the first step, "Use a passkey or security key instead": returns the ten backup codes the user saves. */
  async usePasskeyInstead(): Promise<string[]> {
    await this.page.getByRole("button", { name: "Use a passkey or security key instead" }).click();
    await expect(this.page.getByRole("heading", { name: "2. Use a passkey or security key" })).toBeVisible();
    return this.savedBackupCodes();
  }

  /** The ten backup codes shown, as the user saves them (each recorded for the log scan). */
  async savedBackupCodes(): Promise<string[]> {
    const backupCodes = await this.backupCodes.allTextContents();
    expect(backupCodes).toHaveLength(10);
    for (const code of backupCodes) {
      expect(code).toMatch(BACKUP_CODE);
      recordSecret("backup-code", code);
    }
    return backupCodes;
  }

  /**
   * Ticks "saved", names the passkey (the browser's suggestion if no name) and lets the (virtual)
   * authenticator create it; ends on "2FA is on". `password`: the voluntary set-up in Settings asks for it.
   */
  async completeWithPasskey(name?: string, options: { password?: string } = {}) {
    await this.page.getByLabel("I have saved my backup codes").check();
    if (options.password) await this.page.getByLabel("Your password").fill(options.password);
    const nameField = this.page.getByLabel("Passkey name");
    await expect(nameField).not.toHaveValue("");
    if (name) await nameField.fill(name);
    await this.page.getByRole("button", { name: "Create passkey" }).click();
    await expect(this.enabledHeading).toBeVisible();
  }
}
