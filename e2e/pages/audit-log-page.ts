import type { Locator, Page } from "@playwright/test";

/** Settings → Audit log: who changed what, filtered in the URL. */
export class AuditLogPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly entity: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Audit log" });
    this.table = page.getByRole("table", { name: "Audit log" });
    this.search = page.getByLabel("Search");
    this.entity = page.getByLabel("Entity");
  }

  /** Picks an entity (and a search) and presses Apply. */
  async filter(entity: string, search?: string) {
    if (search !== undefined) await this.search.fill(search);
    await this.entity.selectOption({ label: entity });
    await this.page.getByRole("button", { name: "Apply" }).click();
  }
}
