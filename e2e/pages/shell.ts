import type { Locator, Page } from "@playwright/test";

/** What every signed-in screen shares: the Main sidebar, the signed-in user and the notification bell. */
export class Shell {
  readonly nav: Locator;
  readonly currentUser: Locator;
  readonly bell: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.currentUser = page.getByTestId("current-user");
    this.bell = page.getByRole("button", { name: /^Notifications/ });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
  }

  navLink(name: string) {
    return this.nav.getByRole("link", { name, exact: true });
  }

  /** Follows a sidebar link, as a user moves between screens. */
  async open(name: string) {
    await this.navLink(name).click();
  }
}
