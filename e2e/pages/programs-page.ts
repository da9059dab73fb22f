import { expect, type Locator, type Page } from "@playwright/test";
import { createByName } from "./name-dialog";

/** Settings → Programs: the list, New program and Rename. */
export class ProgramsPage {
  readonly table: Locator;
  readonly newProgramButton: Locator;
  readonly newProgramDialog: Locator;
  readonly renameDialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Programs" });
    this.newProgramButton = page.getByRole("button", { name: "New program" });
    this.newProgramDialog = page.getByRole("dialog", { name: "New program" });
    this.renameDialog = page.getByRole("dialog", { name: "Rename program" });
  }

  async goto() {
    await this.page.goto("/settings/programs");
  }

  row(name: string) {
    return this.page.getByTestId(`program-row-${name}`);
  }

  /** New program → Name → Create program: the app opens the program's page. */
  async create(name: string) {
    await this.goto();
    await createByName(this.page, this.newProgramButton, this.newProgramDialog, "Create program", name);
  }

  /** Follows a program's link to its page. */
  async open(name: string) {
    await this.page.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}
