import { expect, type Locator, type Page } from "@playwright/test";

/** What every signed-in page has: the current user, the main navigation (behind Menu on a phone), Sign out. */
export class AppShell {
  readonly currentUser: Locator;
  readonly nav: Locator;
  /** Below the `md` breakpoint only. includeHidden: while its panel is open (a modal) the page behind is hidden from assistive technology. */
  readonly menuButton: Locator;
  /** The side panel opened by Menu. */
  readonly menuPanel: Locator;

  constructor(readonly page: Page) {
    this.currentUser = page.getByTestId("current-user");
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.menuButton = page.getByRole("button", { name: "Menu", includeHidden: true });
    this.menuPanel = page.getByRole("dialog").filter({ has: page.getByRole("navigation", { name: "Main" }) });
  }

  /** On a phone: opens the side panel and returns its navigation. */
  async openMenu(): Promise<Locator> {
    await this.menuButton.click();
    await expect(this.menuButton).toHaveAttribute("aria-expanded", "true");
    return this.menuPanel.getByRole("navigation", { name: "Main" });
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
