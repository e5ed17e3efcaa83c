import { expect, type Locator, type Page } from "@playwright/test";

/** What every signed-in page has: the current user, the main navigation, Sign out. */
export class AppShell {
  readonly currentUser: Locator;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.currentUser = page.getByTestId("current-user");
    this.nav = page.getByRole("navigation", { name: "Main" });
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(this.page.getByRole("button", { name: "Log in" })).toBeVisible();
  }
}

/** A form's error message (Next's own route announcer also has role="alert"). */
export function formError(page: Page): Locator {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}
