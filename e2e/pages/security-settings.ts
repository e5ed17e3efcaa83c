import { expect, type Locator, type Page } from "@playwright/test";
import { formError } from "./app-shell";
import { SetupWizard, type Enrolment } from "./setup-wizard";

/** How a step-up confirms it is you: a code, a backup code, or (neither given) the passkey. */
export interface StepUpAnswer {
  password: string;
  code?: string;
  backupCode?: string;
}

/** Settings > Security: the 2FA status, set-up, backup codes, authenticator change, passkeys, sessions, password. */
export class SecuritySettings {
  readonly status: Locator;
  readonly unusedBackupCodes: Locator;
  readonly message: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId("two-factor-status");
    this.unusedBackupCodes = page.getByTestId("unused-backup-codes");
    this.message = page.getByRole("status");
    this.error = formError(page);
  }

  async goto() {
    await this.page.goto("/settings/security");
  }

  /** Voluntary set-up, through the "2FA is on" confirmation and back here; returns the setup key and the backup codes. */
  async setUp(): Promise<Enrolment> {
    await this.goto();
    await expect(this.status).toHaveText("Off");
    await this.page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    const enrolment = await new SetupWizard(this.page).complete();
    await expect(this.page).toHaveURL(/\/settings\/security$/);
    await expect(this.status).toHaveText("Active");
    return enrolment;
  }

  /** Fills the re-authentication form of a panel (password and code) and submits it. */
  async reauthenticate(submit: string, password: string, code: string) {
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByLabel("Authentication code").fill(code);
    await this.page.getByRole("button", { name: submit }).click();
  }

  async openRegenerate() {
    await this.page.getByRole("button", { name: "Regenerate backup codes" }).click();
  }

  async openChangeApp() {
    await this.page.getByRole("button", { name: "Change authenticator app" }).click();
  }

  async signOutOtherSessions() {
    await this.goto();
    await this.page.getByRole("button", { name: "Sign out other sessions" }).click();
    // A confirmation (ConfirmDialog) is an alertdialog.
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog.getByRole("heading", { name: "Sign out your other sessions?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Sign out other sessions" }).click();
    await expect(this.message).toContainText("Every other session has been signed out");
  }

  /** The Sessions card: this account's live sessions, each other one with "Sign out". */
  get sessionsSection(): Locator {
    return this.page.getByRole("region", { name: "Sessions", exact: true });
  }

  /** The rows of the sessions table (header row left out); filter by browser or IP text. */
  sessionRows(): Locator {
    return this.page
      .getByRole("region", { name: "Your sessions" })
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") });
  }

  /** The row marked "This session". */
  get currentSession(): Locator {
    return this.sessionRows().filter({ hasText: "This session" });
  }

  /** "Sign out" on one session's row, confirmed; waits for the answer. */
  async signOutSession(row: Locator) {
    await row.getByRole("button", { name: /^Sign out/ }).click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog.getByRole("heading", { name: "Sign out this session?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.sessionsSection.getByRole("status")).toContainText("is signed out");
  }

  /** The Trusted browsers card (shown while the organisation allows trusted browsers). */
  get trustedBrowsersSection(): Locator {
    return this.page.getByRole("region", { name: "Trusted browsers", exact: true });
  }

  /** The rows of the trusted browsers table; filter by browser name or "This browser". */
  trustedBrowserRows(): Locator {
    return this.page
      .getByRole("region", { name: "Your trusted browsers" })
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") });
  }

  /** "Forget" on one trusted browser's row, confirmed; waits for the answer. */
  async forgetTrustedBrowser(row: Locator) {
    await row.getByRole("button", { name: /^Forget/ }).click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog.getByRole("heading", { name: "Forget this browser?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Forget", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.trustedBrowsersSection.getByRole("status")).toContainText("is no longer trusted");
  }

  /**
   * Settings > Security > Change password: the current password, a code (`code`, or
   * `backupCode`) when 2FA is on, and the new one twice. Submits; the caller checks the answer
   * (`passwordChanged` on success, `error` or the fields' descriptions otherwise).
   */
  async changePassword(options: { current: string; next: string; confirm?: string; code?: string; backupCode?: string }) {
    const section = this.passwordSection;
    const open = section.getByRole("button", { name: "Change password" });
    if (!(await section.getByLabel("Current password").isVisible())) await open.click();
    await section.getByLabel("Current password").fill(options.current);
    if (options.backupCode) {
      await section.getByRole("button", { name: "Use a backup code" }).click();
      await section.getByLabel("Backup code").fill(options.backupCode);
    } else if (options.code) {
      await section.getByLabel("Authentication code").fill(options.code);
    }
    await section.getByLabel("New password", { exact: true }).fill(options.next);
    await section.getByLabel("Confirm new password").fill(options.confirm ?? options.next);
    await section.getByRole("button", { name: "Change password" }).click();
  }

  /** The "Password" card (its heading's container). */
  get passwordSection(): Locator {
    return this.page.getByRole("heading", { name: "Password", exact: true }).locator("xpath=..");
  }

  /** The message after a successful change. */
  get passwordChanged(): Locator {
    return this.passwordSection.getByRole("status").filter({ hasText: "Your password was changed." });
  }

  /** The "Passkeys and security keys" card (shown while 2FA is on). */
  get passkeysSection(): Locator {
    return this.page.getByRole("region", { name: "Passkeys and security keys", exact: true });
  }

  /** The rows of the passkeys table; filter by name ("Synced" shows on a synced one). */
  passkeyRows(): Locator {
    return this.page
      .getByRole("region", { name: "Your passkeys" })
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") });
  }

  /** Fills a step-up form's second factor in `scope`: the code, a backup code, or else the passkey (the page's virtual authenticator answers). */
  private async answerStepUp(scope: Locator, answer: StepUpAnswer) {
    await scope.getByLabel("Password", { exact: true }).fill(answer.password);
    const switchTo = async (label: string) => {
      const button = scope.getByRole("button", { name: label });
      if (await button.isVisible()) await button.click();
    };
    if (answer.backupCode) {
      await switchTo("Use a backup code");
      await scope.getByLabel("Backup code").fill(answer.backupCode);
    } else if (answer.code) {
      await switchTo("Use your authenticator app");
      await scope.getByLabel("Authentication code").fill(answer.code);
    } else {
      await switchTo("Use your passkey");
    }
  }

  /** "Add a passkey or security key": the name, the step-up, then submits (the page's virtual authenticator makes the key); the caller checks the answer. */
  async submitAddPasskey(name: string, answer: StepUpAnswer) {
    await this.passkeysSection.getByRole("button", { name: "Add a passkey or security key" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add a passkey or security key" });
    await dialog.getByLabel("Name").fill(name);
    await this.answerStepUp(dialog, answer);
    await dialog.getByRole("button", { name: "Add passkey" }).click();
    return dialog;
  }

  /** Adds a passkey named `name` (needs `VirtualAuthenticator.attach(page)`); waits until it is listed. */
  async addPasskey(name: string, answer: StepUpAnswer) {
    const dialog = await this.submitAddPasskey(name, answer);
    await expect(dialog).toBeHidden();
    await expect(this.passkeyRows().filter({ hasText: name })).toBeVisible();
  }

  /** "Rename" on the passkey called `name`; waits until the new name is listed. */
  async renamePasskey(name: string, newName: string) {
    await this.passkeysSection.getByRole("button", { name: `Rename ${name}` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Rename passkey" });
    await dialog.getByLabel("Name").fill(newName);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.passkeyRows().filter({ hasText: newName })).toBeVisible();
  }

  /** "Remove" on the passkey called `name`, with the step-up; submits and returns the dialog (hidden once removed; else its alert says why). */
  async submitRemovePasskey(name: string, answer: StepUpAnswer) {
    await this.passkeysSection.getByRole("button", { name: `Remove ${name}` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Remove this passkey?" });
    await this.answerStepUp(dialog, answer);
    await dialog.getByRole("button", { name: "Remove passkey" }).click();
    return dialog;
  }

  /** Removes the passkey called `name`; waits until it is gone from the list. */
  async removePasskey(name: string, answer: StepUpAnswer) {
    const dialog = await this.submitRemovePasskey(name, answer);
    await expect(dialog).toBeHidden();
    await expect(this.passkeyRows().filter({ hasText: name })).toHaveCount(0);
  }
}
