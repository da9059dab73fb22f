import type { Page } from "@playwright/test";

/**
 * What every page object holds: the page. Subclasses declare their locators as initialized fields
 * (`readonly save = this.page.getByRole(…)`); these run right after this constructor returns, so
 * `this.page` is set. A class that took `page` as its own parameter property would run them before
 * the assignment under Playwright's transform.
 */
export abstract class Screen {
  constructor(readonly page: Page) {}
}

/**
 * The base of a list at a fixed path whose rows carry `data-testid="<rowTestId>-<key>"` (key: a name
 * or an email): `class UsersPage extends listScreen("/settings/users", "user-row")`.
 */
export function listScreen(path: string, rowTestId: string) {
  return class extends Screen {
    async goto() {
      await this.page.goto(path);
    }

    row(key: string) {
      return this.page.getByTestId(`${rowTestId}-${key}`);
    }
  };
}
