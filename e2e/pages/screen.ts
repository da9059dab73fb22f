import type { Locator, Page } from "@playwright/test";

/**
 * What every page object holds: the page. Subclasses declare their locators as initialized fields
 * (`readonly save = this.page.getByRole(…)`); these run right after this constructor returns, so
 * `this.page` is set. A class that took `page` as its own parameter property would run them before
 * the assignment under Playwright's transform.
 */
export abstract class Screen {
  constructor(readonly page: Page) {}

  /** The table row with a cell that reads exactly `text` (a name, an email, a key's prefix), as a user finds it. */
  protected rowWithCell(text: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name: text, exact: true }) });
  }
}

/**
 * The base of a list at a fixed path whose rows are found by a cell (a name or an email):
 * `class UsersPage extends listScreen("/settings/users")`.
 */
export function listScreen(path: string) {
  return class extends Screen {
    async goto() {
      await this.page.goto(path);
    }

    row(key: string) {
      return this.rowWithCell(key);
    }
  };
}
