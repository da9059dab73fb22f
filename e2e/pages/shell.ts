import { Screen } from "./screen";

/** What every signed-in screen shares: the Main sidebar, the signed-in user and the notification bell. */
export class Shell extends Screen {
  readonly nav = this.page.getByRole("navigation", { name: "Main" });
  readonly currentUser = this.page.getByTestId("current-user");
  readonly bell = this.page.getByRole("button", { name: /^Notifications/ });
  readonly buttons = this.buttonsByName({ signOut: "Sign out" });

  navLink(name: string) {
    return this.nav.getByRole("link", { name, exact: true });
  }

  /** Follows a sidebar link, as a user moves between screens. */
  async open(name: string) {
    await this.navLink(name).click();
  }
}
