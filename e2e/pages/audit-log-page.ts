import { Screen } from "./screen";

/** Settings → Audit log: who changed what, filtered in the URL. */
export class AuditLogPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Audit log" });
  readonly table = this.page.getByRole("table", { name: "Audit log" });
  readonly search = this.page.getByLabel("Search");
  readonly entity = this.page.getByLabel("Entity");

  /** Picks an entity (and a search) and presses Apply. */
  async filter(entity: string, search?: string) {
    if (search !== undefined) await this.search.fill(search);
    await this.entity.selectOption({ label: entity });
    await this.page.getByRole("button", { name: "Apply" }).click();
  }
}
