import { listScreen } from "./screen";

type NewUser = { name: string; email: string; password: string };

/** Settings → Users: the list, Add user, roles and Deactivate. */
export class UsersPage extends listScreen("/settings/users") {
  readonly heading = this.page.getByRole("heading", { name: "Users" });
  readonly buttons = this.buttonsByName({ addUser: "Add user" });
  readonly addUserDialog = this.page.getByRole("dialog", { name: "Add a user" });

  role(email: string) {
    return this.page.getByLabel(`Role of ${email}`);
  }

  deactivateButton(email: string) {
    return this.page.getByRole("button", { name: `Deactivate ${email}` });
  }

  /** Add user → fills Name, Email and Initial password; `create` presses Create user. */
  async fillNewUser(user: NewUser) {
    await this.buttons.addUser.click();
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
