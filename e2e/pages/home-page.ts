import type { Locator, Page } from "@playwright/test";
import { Shell } from "./shell";

/** The dashboard at /. */
export class HomePage {
  readonly shell: Shell;
  readonly pushRulesCard: Locator;

  constructor(readonly page: Page) {
    this.shell = new Shell(page);
    this.pushRulesCard = page.getByRole("link", { name: /Choose, per program, which events go to which connectors/ });
  }

  async goto() {
    await this.page.goto("/");
  }
}
