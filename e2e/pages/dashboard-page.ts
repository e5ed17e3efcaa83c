import type { Locator, Page } from "@playwright/test";

/** /dashboard: the user's security card, and for admins the organisation's charts with their legends. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/dashboard");
  }

  /** "Your security": the value shown beside a term ("Authenticator app", "Backup codes left", …). */
  security(term: string): Locator {
    const card = this.page.getByRole("region", { name: "Your security" });
    return card.getByRole("term").filter({ hasText: term }).locator("xpath=following-sibling::dd[1]");
  }

  get lastSignIns(): Locator {
    return this.page.getByRole("list", { name: "Last sign-ins" }).getByRole("listitem");
  }

  /** The 2FA coverage chart's picture (its label says every number). */
  get coverageChart(): Locator {
    return this.page.getByRole("img", { name: /users by 2FA status/ });
  }

  /** The coverage legend's entry for a status ("Off", "Required", "Active", "Locked"): its text is "<label><count>". */
  coverage(status: string): Locator {
    return this.page.getByRole("list", { name: "Users by 2FA status" }).getByRole("listitem").filter({ hasText: status });
  }

  get graceDeadlines(): Locator {
    return this.page.getByRole("list", { name: "Grace deadlines coming up" }).getByRole("listitem");
  }

  /** The sign-in chart's totals ("Sign-ins", "Failed attempts"). */
  activityTotal(series: string): Locator {
    return this.page.getByRole("list", { name: "Totals over the last 30 days" }).getByRole("listitem").filter({ hasText: series });
  }
}
