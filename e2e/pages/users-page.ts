import type { Locator, Page } from "@playwright/test";

type NewUser = { name: string; email: string; password: string };

/** Settings → Users: the list, Add user, roles and Deactivate. */
export class UsersPage {
  readonly heading: Locator;
  readonly addUserButton: Locator;
  readonly addUserDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Users" });
    this.addUserButton = page.getByRole("button", { name: "Add user" });
    this.addUserDialog = page.getByRole("dialog", { name: "Add a user" });
  }

  async goto() {
    await this.page.goto("/settings/users");
  }

  row(email: string) {
    return this.page.getByTestId(`user-row-${email}`);
  }

  role(email: string) {
    return this.page.getByLabel(`Role of ${email}`);
  }

  deactivateButton(email: string) {
    return this.page.getByRole("button", { name: `Deactivate ${email}` });
  }

  /** Add user → fills Name, Email and Initial password; `create` presses Create user. */
  async fillNewUser(user: NewUser) {
    await this.addUserButton.click();
    await this.addUserDialog.getByLabel("Name").fill(user.name);
    await this.addUserDialog.getByLabel("Email").fill(user.email);
    await this.addUserDialog.getByLabel("Initial password").fill(user.password);
  }

  createButton() {
    return this.addUserDialog.getByRole("button", { name: "Create user" });
  }

  async create(user: NewUser) {
    await this.fillNewUser(user);
    await this.createButton().click();
  }
}
