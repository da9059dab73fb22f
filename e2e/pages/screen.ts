import type { Locator, Page } from "@playwright/test";

/** A label or a button's name, matched as a substring; `{ exact: "Delete" }` matches that whole name only. */
type Name = string | { exact: string };

function locators<K extends string>(names: Record<K, Name>, find: (name: string, exact: boolean) => Locator): Record<K, Locator> {
  const entries = Object.entries<Name>(names).map(([key, name]) => [key, typeof name === "string" ? find(name, false) : find(name.exact, true)]);
  return Object.fromEntries(entries) as Record<K, Locator>;
}

/**
 * What every page object holds: the page. Subclasses declare their locators as initialized fields
 * (`readonly heading = this.page.getByRole(…)`, `readonly buttons = this.buttonsByName(…)`); these
 * run right after this constructor returns, so `this.page` is set. A class that took `page` as its
 * own parameter property would run them before the assignment under Playwright's transform.
 */
export abstract class Screen {
  constructor(readonly page: Page) {}

  /**
   * A screen's form fields, found by label and named once:
   * `readonly fields = this.fieldsByLabel({ url: "Notification URL" })` gives `fields.url`.
   */
  protected fieldsByLabel<K extends string>(labels: Record<K, Name>): Record<K, Locator> {
    return locators(labels, (label, exact) => this.page.getByLabel(label, { exact }));
  }

  /** A screen's buttons, found by name: `readonly buttons = this.buttonsByName({ save: "Save" })` gives `buttons.save`. */
  protected buttonsByName<K extends string>(names: Record<K, Name>): Record<K, Locator> {
    return locators(names, (name, exact) => this.page.getByRole("button", { name, exact }));
  }

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
