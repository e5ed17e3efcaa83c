import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";

/** Admin > Audit log: filters, events (each a sentence) and the CSV export. */
export class AuditLogPage {
  constructor(readonly page: Page) {}

  /** Through the main navigation, as an admin gets there. */
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  }

  /** Events by or about this person (part of a name or email). */
  async filterByUser(nameOrEmail: string) {
    await this.page.getByRole("textbox", { name: "User", exact: true }).fill(nameOrEmail);
    await this.page.getByRole("button", { name: "Filter" }).click();
    await expect(this.page).toHaveURL(/user=/);
  }

  /** Only the events this person did (part of a name or email). */
  async filterByActor(nameOrEmail: string) {
    await this.page.getByRole("textbox", { name: "Done by" }).fill(nameOrEmail);
    await this.page.getByRole("button", { name: "Filter" }).click();
    await expect(this.page).toHaveURL(/actor=/);
  }

  /** Only events of one kind, chosen by its label ("2FA enabled by an admin"). */
  async filterByEvent(label: string) {
    await this.page.getByRole("combobox", { name: "Event" }).selectOption({ label });
    await this.page.getByRole("button", { name: "Filter" }).click();
    await expect(this.page).toHaveURL(/type=/);
  }

  get table(): Locator {
    return this.page.getByRole("region", { name: "Audit events" }).getByRole("table");
  }

  /** The rows of events shown (the header row aside). */
  get events(): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("cell") });
  }

  /** The event rows whose sentence (or details) contain this text, e.g. "Ada Admin enabled 2FA for Alice Anderson". */
  event(text: string | RegExp): Locator {
    return this.events.filter({ hasText: text });
  }

  /** Downloads the CSV export of the current filter; returns its lines. */
  async exportCsv(): Promise<string[]> {
    const download = this.page.waitForEvent("download");
    await this.page.getByRole("link", { name: "Export CSV" }).click();
    const csv = fs.readFileSync((await (await download).path())!, "utf8");
    return csv.trim().split("\r\n");
  }
}
