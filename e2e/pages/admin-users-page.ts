import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { recordSecret } from "../kit/seen-secrets";

export type BulkAction = "Enable 2FA" | "Disable 2FA" | "Reset 2FA" | "Unlock" | "Remove";
/** A row's actions menu: the 2FA actions that apply to the user's status, and Remove user (Resend and Revoke invitation for an invited user). */
export type RowAction =
  "Enable 2FA" | "Disable 2FA" | "Reset 2FA" | "Unlock" | "Remove user" | "Resend invitation" | "Revoke invitation" | "Issue temporary access code";
/** A row's session and browser actions: confirmed in a plain "Are you sure?" (an alertdialog), no step-up. */
export type DeviceRowAction = "Sign out all sessions" | "Forget trusted browsers";
/** The toolbar's faceted filters and their options. */
export type Facet = { "2FA status": "Off" | "Required" | "Active" | "Locked"; Role: "Admin" | "Member" };

/** How the admin confirms a step-up action: nothing, their password, or a code (admins with 2FA). */
export type Confirmation = { password: string } | { code: string } | { backupCode: string } | undefined;

/** Admin > Login and 2FA: the login method, the policy, the users table with its bulk bar, Add user. */
export class AdminUsersPage {
  readonly table: Locator;
  readonly search: Locator;
  /** Search, the faceted filters (2FA status, Role), Reset and View. */
  readonly toolbar: Locator;
  readonly selectionCount: Locator;
  /** "Selection cleared: the search changed." after a new search, filter or sort dropped a selection. */
  readonly selectionCleared: Locator;
  /** The warning that the selection includes the signed-in admin. */
  readonly selectionIncludesYou: Locator;
  readonly dialog: Locator;
  /** The pager under the table: "51–100 of 144 users", First / Previous / Next / Last. */
  readonly pager: Locator;
  readonly pageRange: Locator;

  constructor(readonly page: Page) {
    // includeHidden: a row can still be read while a modal dialog hides the page from assistive tech.
    this.table = page.getByRole("table", { name: "Users", includeHidden: true });
    this.search = page.getByLabel("Search users");
    this.toolbar = page.getByRole("group", { name: "Filter users" });
    this.selectionCount = page.getByTestId("selection-count");
    this.selectionCleared = page.getByTestId("selection-cleared");
    this.selectionIncludesYou = page.getByTestId("selection-includes-you");
    this.dialog = page.getByRole("dialog");
    this.pager = page.getByRole("navigation", { name: "Pagination" });
    this.pageRange = this.pager.getByTestId("page-range");
  }

  /** A pager button; waits until the table shows the page it leads to (its range changes). */
  async goToPage(which: "First" | "Previous" | "Next" | "Last") {
    const before = await this.pageRange.textContent();
    await this.pager.getByRole("button", { name: which, exact: true }).click();
    await expect(this.pageRange).not.toHaveText(before ?? "");
  }

  pagerButton(which: "First" | "Previous" | "Next" | "Last"): Locator {
    return this.pager.getByRole("button", { name: which, exact: true });
  }

  /** A faceted filter's button in the toolbar ("2FA status", "Role"); it also shows what is chosen. */
  filterButton(facet: keyof Facet): Locator {
    return this.toolbar.getByRole("button", { name: new RegExp(`^${facet}`) });
  }

  /**
   * Sets a faceted filter to exactly these options (none: no filter), ticking and unticking in
   * its menu; each change waits until the table shows it (the option's tick follows the URL).
   */
  async filterBy<F extends keyof Facet>(facet: F, options: Facet[F][]) {
    await this.filterButton(facet).click();
    const menu = this.page.getByRole("menu");
    const items = menu.getByRole("menuitemcheckbox");
    for (const item of await items.all()) {
      const label = (await item.textContent())?.trim() as Facet[F];
      const wanted = options.includes(label);
      if ((await item.getAttribute("aria-checked")) === String(wanted)) continue;
      await item.click();
      await expect(item).toHaveAttribute("aria-checked", String(wanted));
    }
    await this.page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
  }

  /** The sortable header of a column, by its name ("Email", "Last login"). */
  columnHeader(name: string): Locator {
    return this.table.getByRole("columnheader", { name, exact: true, includeHidden: true });
  }

  /** View menu: shows or hides a column. */
  async setColumnVisible(name: string, visible: boolean) {
    await this.toolbar.getByRole("button", { name: "View" }).click();
    const item = this.page.getByRole("menuitemcheckbox", { name, exact: true });
    if ((await item.getAttribute("aria-checked")) !== String(visible)) await item.click();
    await expect(item).toHaveAttribute("aria-checked", String(visible));
    await this.page.keyboard.press("Escape");
  }

  /** A row's actions menu button ("Actions for Alice Anderson"). */
  rowActionsButton(name: string): Locator {
    return this.table.getByRole("button", { name: `Actions for ${name}`, exact: true });
  }

  /** Opens a row's actions menu; returns its items. */
  async openRowActions(name: string): Promise<Locator> {
    await this.rowActionsButton(name).click();
    const menu = this.page.getByRole("menu");
    await expect(menu).toBeVisible();
    return menu.getByRole("menuitem");
  }

  /** A row's action, chosen from its menu: opens the same dialog as the bulk bar, for that one user. */
  async rowAction(name: string, action: RowAction) {
    await this.openRowActions(name);
    await this.page.getByRole("menu").getByRole("menuitem", { name: action, exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  /** The checkbox of a row, or of the whole page (the header's). */
  checkbox(name: string | "page"): Locator {
    return name === "page" ? this.page.getByLabel("Select all users on this page") : this.page.getByLabel(`Select ${name}`, { exact: true });
  }

  async selectPage() {
    await this.checkbox("page").check();
  }

  /** "Select all 144 matching" in the bulk bar. */
  async selectAllMatching(total: number) {
    await this.page.getByRole("button", { name: `Select all ${total} matching` }).click();
  }

  async clearSelection() {
    await this.page.getByRole("button", { name: "Clear selection" }).click();
  }

  /** The toolbar's Export CSV: downloads every user matching the search and filters; returns the file's lines (header first). */
  async exportCsv(): Promise<string[]> {
    const download = this.page.waitForEvent("download");
    await this.toolbar.getByRole("link", { name: "Export CSV" }).click();
    const csv = fs.readFileSync((await (await download).path())!, "utf8");
    return csv.trim().split("\r\n");
  }

  async goto(search?: string) {
    await this.page.goto(search ? `/admin/login-and-2fa?q=${encodeURIComponent(search)}` : "/admin/login-and-2fa");
    await expect(this.page.getByRole("heading", { name: "Login and 2FA" })).toBeVisible();
  }

  /** The login method option, "standard" or "two-factor" (a radio: choosing it saves nothing). */
  loginMethodOption(method: "standard" | "two-factor"): Locator {
    return this.page.getByRole("radio", { name: method === "standard" ? /^Standard/ : /Two-Factor Authentication/ });
  }

  /** Chooses a login method, presses Save and confirms (switching to Standard is stepped up). */
  async chooseLoginMethod(method: "standard" | "two-factor", confirmation?: Confirmation) {
    await this.loginMethodOption(method).check();
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(this.dialog.getByTestId("login-method-impact")).toBeVisible();
    if (confirmation && "password" in confirmation) await this.dialog.getByLabel("Your password").fill(confirmation.password);
    if (confirmation && "code" in confirmation) await this.dialog.getByLabel("Authentication code").fill(confirmation.code);
    await this.dialog.getByRole("button", { name: method === "standard" ? "Switch to Standard" : "Switch to 2FA" }).click();
    await expect(this.dialog).toBeHidden();
    // Saved: the page now marks it as the current method.
    await expect(this.loginMethodOption(method)).toHaveAccessibleName(/\(current\)/);
  }

  /** Makes sure the organisation uses the 2FA login method (the demo organisations do). */
  async useTwoFactorLoginMethod() {
    if (await this.loginMethodOption("two-factor").isChecked()) return;
    await this.chooseLoginMethod("two-factor");
  }

  rows(): Locator {
    return this.table.getByRole("row", { includeHidden: true });
  }

  row(name: string): Locator {
    return this.rows().filter({ hasText: name });
  }

  /** A row's Methods cell ("App", "Passkey", "App, Passkey ×2"; "None" without any). */
  async methods(name: string): Promise<Locator> {
    const headers = (await this.table.getByRole("columnheader", { includeHidden: true }).allTextContents()).map((text) => text.trim());
    const index = headers.indexOf("Methods");
    expect(index).toBeGreaterThanOrEqual(0);
    return this.row(name).getByRole("cell", { includeHidden: true }).nth(index);
  }

  async select(...names: string[]) {
    for (const name of names) await this.page.getByLabel(`Select ${name}`, { exact: true }).check();
  }

  /** A success or "nothing to do" message of the bulk bar, policy or Add user. */
  message(text: string): Locator {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  /** Opens a bulk action's dialog for the selection and waits for its preview. */
  async openBulk(action: BulkAction) {
    await this.page.getByRole("button", { name: action, exact: true }).first().click();
    await expect(this.dialog.getByTestId("bulk-preview")).toBeVisible();
  }

  /** Fills the step-up confirmation and presses the dialog's button. */
  async confirmBulk(action: BulkAction, confirmation?: Confirmation) {
    if (confirmation && "password" in confirmation) await this.dialog.getByLabel("Your password").fill(confirmation.password);
    if (confirmation && "code" in confirmation) await this.dialog.getByLabel("Authentication code").fill(confirmation.code);
    if (confirmation && "backupCode" in confirmation) {
      await this.dialog.getByRole("button", { name: "Use a backup code" }).click();
      await this.dialog.getByLabel("Backup code").fill(confirmation.backupCode);
    }
    await this.dialog.getByRole("button", { name: action }).click();
  }

  /** The selected users' bulk action, confirmed, until its dialog closes. */
  async runBulk(action: BulkAction, confirmation?: Confirmation) {
    await this.openBulk(action);
    await this.confirmBulk(action, confirmation);
    await expect(this.dialog).toBeHidden();
  }

  /** Opens Add user and sends the form (no password: the person chooses theirs from the invitation email). */
  async submitAddUser(user: { name: string; email: string; role?: "Admin" | "Member" }) {
    await this.page.getByRole("button", { name: "Add user" }).click();
    await this.dialog.getByLabel("Name").fill(user.name);
    await this.dialog.getByLabel("Email").fill(user.email);
    if (user.role) {
      await this.dialog.getByLabel("Role").click();
      await this.page.getByRole("option", { name: user.role, exact: true }).click();
    }
    await this.dialog.getByRole("button", { name: "Send invitation" }).click();
  }

  /** Add user: sends the invitation and closes the dialog on "Invitation sent to <email>." */
  async addUser(user: { name: string; email: string; role?: "Admin" | "Member" }) {
    await this.submitAddUser(user);
    await expect(this.dialog.getByText(`Invitation sent to ${user.email}.`)).toBeVisible();
    await this.dialog.getByRole("button", { name: "Done" }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** An invited user's "Invited" badge in their row, with "expires <date>" or "expired" beside it. */
  invitedBadge(name: string): Locator {
    return this.row(name).getByText("Invited", { exact: true });
  }

  invitationExpiry(name: string): Locator {
    return this.row(name).getByTestId("invitation-expiry");
  }

  /** A row's "Resend invitation": at once, a new link (the old one stops working). */
  async resendInvitation(name: string) {
    await this.openRowActions(name);
    await this.page.getByRole("menu").getByRole("menuitem", { name: "Resend invitation", exact: true }).click();
    await expect(this.message("Invitation sent again to")).toBeVisible();
  }

  /** A row's "Revoke invitation", confirmed: the invited user is removed. */
  async revokeInvitation(name: string) {
    await this.openRowActions(name);
    await this.page.getByRole("menu").getByRole("menuitem", { name: "Revoke invitation", exact: true }).click();
    const confirm = this.page.getByRole("alertdialog");
    await expect(confirm).toContainText(name);
    await confirm.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(confirm).toBeHidden();
    await expect(this.message("Invitation revoked")).toBeVisible();
  }

  /** "Remove user" (row or bulk bar "Remove"): selects the users found by a search and removes them. */
  async removeUsers(search: string, names: string[], confirmation: Confirmation) {
    await this.goto(search);
    await this.select(...names);
    await expect(this.selectionCount).toBeVisible();
    const remove = this.page.getByRole("button", { name: "Remove", exact: true }).first();
    if (!(await remove.isVisible())) throw new Error('the bulk bar has no "Remove": this server has no Remove user');
    await remove.click();
    await expect(this.dialog).toContainText(`Remove ${names.length} user`);
    await this.confirmBulk("Remove", confirmation);
    await expect(this.message(`Removed ${names.length} user`)).toBeVisible();
  }

  /** A row's "Sign out all sessions" or "Forget trusted browsers", confirmed; returns the confirmation's message locator. */
  async rowDeviceAction(name: string, action: DeviceRowAction) {
    await this.openRowActions(name);
    await this.page.getByRole("menu").getByRole("menuitem", { name: action, exact: true }).click();
    const confirm = this.page.getByRole("alertdialog");
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: action }).click();
    await expect(confirm).toBeHidden();
  }

  /** "Remember this browser": the option (Off, 7 days, 30 days), a radio that saves nothing by itself. */
  trustedBrowsersOption(days: "Off" | "7 days" | "30 days"): Locator {
    return this.page.getByRole("radio", { name: new RegExp(`^${days}`) });
  }

  /** Chooses Off, 7 or 30 days, saves and confirms (longer trust is stepped up: pass the confirmation). */
  async setTrustedBrowserDays(days: "Off" | "7 days" | "30 days", confirmation?: Confirmation) {
    await this.trustedBrowsersOption(days).check();
    await this.page.getByRole("button", { name: "Save browser setting" }).click();
    await expect(this.dialog.getByTestId("trusted-browsers-impact")).toBeVisible();
    if (confirmation && "password" in confirmation) await this.dialog.getByLabel("Your password").fill(confirmation.password);
    if (confirmation && "code" in confirmation) await this.dialog.getByLabel("Authentication code").fill(confirmation.code);
    await this.dialog.getByRole("button", { name: days === "Off" ? "Turn off" : `Save ${days}` }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.trustedBrowsersOption(days)).toHaveAccessibleName(/\(current\)/);
  }

  async savePolicy(policy: { requireTwoFactor: boolean; graceDays?: number }) {
    const require = this.page.getByLabel("Require 2FA for all users");
    if (policy.requireTwoFactor) await require.check();
    else await require.uncheck();
    if (policy.graceDays !== undefined) await this.page.getByLabel("Grace period (days)").fill(String(policy.graceDays));
    await this.page.getByRole("button", { name: "Save policy" }).click();
  }

  // --- Recovery requests and temporary access codes ---

  /** The "Recovery requests" section. */
  get recoverySection(): Locator {
    return this.page.getByRole("region", { name: "Recovery requests" });
  }

  /** One open request, by the user's name. */
  recoveryRequest(name: string): Locator {
    return this.recoverySection.getByRole("listitem").filter({ hasText: name });
  }

  /** Opens the issue dialog from a recovery request. */
  async openIssueFromRequest(name: string) {
    await this.recoverySection.getByRole("button", { name: `Issue temporary access code for ${name}` }).click();
    await expect(this.dialog.getByLabel("Valid for")).toBeVisible();
  }

  /** In the open issue dialog: chooses the validity, confirms, and returns the code shown once. */
  async issueTemporaryCode(options: { hours?: number; confirmation: Confirmation }): Promise<string> {
    if (options.hours) await this.dialog.getByLabel("Valid for").selectOption(String(options.hours));
    const { confirmation } = options;
    if (confirmation && "password" in confirmation) await this.dialog.getByLabel("Your password").fill(confirmation.password);
    if (confirmation && "code" in confirmation) await this.dialog.getByLabel("Authentication code").fill(confirmation.code);
    if (confirmation && "backupCode" in confirmation) {
      await this.dialog.getByRole("button", { name: "Use a backup code" }).click();
      await this.dialog.getByLabel("Backup code").fill(confirmation.backupCode);
    }
    await this.dialog.getByRole("button", { name: "Issue code" }).click();
    const code = this.dialog.getByTestId("temporary-access-code");
    await expect(code).toBeVisible();
    const shown = (await code.textContent())!.trim();
    recordSecret("temporary-code", shown);
    return shown;
  }

  /** Closes the dialog that shows the code (Done). */
  async closeIssuedCode() {
    await this.dialog.getByRole("button", { name: "Done" }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** Dismisses a request, confirmed. */
  async dismissRequest(name: string) {
    await this.recoverySection.getByRole("button", { name: `Dismiss the request of ${name}` }).click();
    await this.page.getByRole("alertdialog").getByRole("button", { name: "Dismiss request" }).click();
    await expect(this.recoveryRequest(name)).toHaveCount(0);
  }
}
