import { expect, type Locator, type Page } from "@playwright/test";

/** The Access List section of Admin > Login and 2FA. */
export class AccessListPanel {
  readonly currentIp: Locator;
  readonly entries: Locator;
  readonly switch: Locator;
  readonly checkAnswer: Locator;
  readonly confirmBroad: Locator;
  /** The "Remove …?" confirmation (an alert dialog: it asks before cutting off live sessions). */
  readonly confirmation: Locator;

  constructor(readonly page: Page) {
    this.currentIp = page.getByTestId("current-ip");
    this.entries = page.getByTestId("access-list-entry");
    this.switch = page.getByRole("switch", { name: "Restrict platform access to the Access List" });
    this.checkAnswer = page.getByTestId("check-ip-answer");
    this.confirmBroad = page.getByTestId("confirm-broad-range");
    this.confirmation = page.getByRole("alertdialog");
  }

  entry(cidr: string): Locator {
    return this.entries.filter({ hasText: cidr });
  }

  /** Submits the add form (the last IP field: edited rows have their own). */
  async add(cidr: string, description: string) {
    await this.page.getByLabel("IP address or range").last().fill(cidr);
    await this.page.getByLabel("Description").last().fill(description);
    await this.page.getByRole("button", { name: "Add entry" }).click();
  }

  /** Adds an entry and waits until the list shows it (canonical form: `shown`). */
  async addEntry(cidr: string, description: string, shown = cidr) {
    await this.add(cidr, description);
    await expect(this.entry(shown)).toBeVisible();
  }

  /** Remove, then the confirmation's Remove (the dialog stays open with the reason when the server refuses). */
  async remove(cidr: string) {
    await this.page.getByRole("button", { name: `Remove ${cidr}` }).click();
    await expect(this.confirmation.getByRole("heading", { name: `Remove ${cidr}?` })).toBeVisible();
    await this.confirmation.getByRole("button", { name: "Remove", exact: true }).click();
  }

  async turnOn() {
    await this.switch.check();
    await expect(this.page.getByText("Only the addresses and ranges below")).toBeVisible();
  }

  /** Adds the entries (the admin's own address among them) and switches the list on. */
  async allowOnly(entries: [cidr: string, description: string][]) {
    for (const [cidr, description] of entries) await this.addEntry(cidr, description);
    await this.turnOn();
  }

  async check(ip: string) {
    await this.page.getByLabel("IP address to check").fill(ip);
    await this.page.getByRole("button", { name: "Check" }).click();
  }

  /** The self-lockout guard's refusal for the admin's own address. */
  selfLockoutAlert(ip: string): Locator {
    return this.page.getByRole("alert").filter({ hasText: `This would block your current IP address ${ip}` });
  }
}
