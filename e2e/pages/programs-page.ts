import { expect } from "@playwright/test";
import { createByName } from "./name-dialog";
import { listScreen } from "./screen";

/** Settings → Programs: the list, New program and Rename. */
export class ProgramsPage extends listScreen("/settings/programs") {
  readonly table = this.page.getByRole("table", { name: "Programs" });
  readonly buttons = this.buttonsByName({ newProgram: "New program" });
  readonly newProgramDialog = this.page.getByRole("dialog", { name: "New program" });
  readonly renameDialog = this.page.getByRole("dialog", { name: "Rename program" });

  /** New program → Name → Create program: the app opens the program's page. */
  async create(name: string) {
    await this.goto();
    await createByName(this.page, this.buttons.newProgram, this.newProgramDialog, "Create program", name);
  }

  /** Follows a program's link to its page. */
  async open(name: string) {
    await this.page.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}
