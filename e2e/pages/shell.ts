import { Screen } from "./screen";

/**
 * What every signed-in screen shares: the Main navigation, the signed-in user and the notification bell.
 * From the md breakpoint up they sit in the sidebar; at phone width the navigation and the user are in
 * the sheet the top bar's menu button opens (`openMenu`), and the bell is in the top bar.
 */
export class Shell extends Screen {
  readonly nav = this.page.getByRole("navigation", { name: "Main" });
  readonly currentUser = this.page.getByTestId("current-user");
  readonly bell = this.page.getByRole("button", { name: /^Notifications/ });
  readonly buttons = this.buttonsByName({ signOut: "Sign out", menu: "Open navigation" });
  /** The phone-width navigation sheet, named by its title. */
  readonly menu = this.page.getByRole("dialog", { name: "Integrations Hub" });

  navLink(name: string) {
    return this.nav.getByRole("link", { name, exact: true });
  }

  /** Follows a sidebar link, as a user moves between screens. */
  async open(name: string) {
    await this.navLink(name).click();
  }

  /** At phone width: opens the navigation sheet from the top bar. */
  async openMenu() {
    await this.buttons.menu.click();
    await this.menu.waitFor();
  }
}
