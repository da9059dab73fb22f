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
