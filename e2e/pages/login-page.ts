import type { Locator, Page } from "@playwright/test";

/** The sign-in form, the only screen a signed-out user sees. */
export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  /** The form's error: wrong credentials, a deactivated account, too many attempts. */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.signInButton = page.getByRole("button", { name: "Sign in" });
    this.error = page.locator("form").getByRole("alert");
  }

  async goto() {
    await this.page.goto("/login");
  }

  /** Fills and submits the form; where it lands depends on the credentials, so the caller checks. */
  async signIn(who: { email: string; password: string }) {
    await this.email.fill(who.email);
    await this.password.fill(who.password);
    await this.signInButton.click();
  }
}
