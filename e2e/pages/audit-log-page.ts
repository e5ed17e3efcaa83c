import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";

/** Admin > Audit log: filters, events and the CSV export. */
export class AuditLogPage {
  constructor(readonly page: Page) {}

  /** Through the main navigation, as an admin gets there. */
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  }

  async filterByUser(email: string) {
    await this.page.getByRole("textbox", { name: "User" }).fill(email);
    await this.page.getByRole("button", { name: "Filter" }).click();
    await expect(this.page).toHaveURL(/user=/);
  }

  event(type: string): Locator {
    return this.page.getByRole("row").filter({ hasText: type });
  }

  /** Downloads the CSV export of the current filter; returns its lines. */
  async exportCsv(): Promise<string[]> {
    const download = this.page.waitForEvent("download");
    await this.page.getByRole("link", { name: "Export CSV" }).click();
    const csv = fs.readFileSync((await (await download).path())!, "utf8");
    return csv.trim().split("\r\n");
  }
}
