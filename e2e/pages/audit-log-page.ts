import { Screen } from "./screen";

/** Settings → Audit log: who changed what, filtered in the URL. */
export class AuditLogPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Audit log" });
  readonly table = this.page.getByRole("table", { name: "Audit log" });
  readonly filters = this.fieldsByLabel({ search: "Search", entity: "Entity" });
  readonly buttons = this.buttonsByName({ apply: "Apply" });

  /** Picks an entity (and a search) and presses Apply. */
  async filter(entity: string, search?: string) {
    if (search !== undefined) await this.filters.search.fill(search);
    await this.filters.entity.selectOption({ label: entity });
    await this.buttons.apply.click();
  }
}
