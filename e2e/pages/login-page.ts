import { Screen } from "./screen";

/** The sign-in form, the only screen a signed-out user sees. */
export class LoginPage extends Screen {
  readonly fields = this.fieldsByLabel({ email: "Email", password: "Password" });
  readonly buttons = this.buttonsByName({ signIn: "Sign in" });
  /** The form's error: wrong credentials, a deactivated account, too many attempts. */
  readonly error = this.page.locator("form").getByRole("alert");

  async goto() {
    await this.page.goto("/login");
  }

  /** Fills and submits the form; where it lands depends on the credentials, so the caller checks. */
  async signIn(who: { email: string; password: string }) {
    await this.fields.email.fill(who.email);
    await this.fields.password.fill(who.password);
    await this.buttons.signIn.click();
  }
}
