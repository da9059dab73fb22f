import { expect, type Locator } from "@playwright/test";
import { Screen } from "./screen";

/** Testing → Event logs: the deliveries table, its filters in the URL and live refresh. */
export class EventLogsPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Event logs" });
  readonly table = this.page.getByRole("table", { name: "Deliveries" });
  readonly filters = this.fieldsByLabel({ search: "Search", connector: "Connector", status: "Status", event: "Event" });
  readonly buttons = this.buttonsByName({ resetFilters: "Reset filters" });
  readonly exportCsv = this.page.getByRole("link", { name: "Export CSV" });

  /** `query` is the filters' query string, as a shared link carries it (`connector=…`). */
  async goto(query = "") {
    await this.page.goto(`/testing/event-logs${query ? `?${query}` : ""}`);
  }

  row(deliveryId: string) {
    return this.page.getByTestId(`delivery-row-${deliveryId}`);
  }

  /** Ticks options of a multi-select filter (Status, Event) and closes its menu. */
  async tick(filter: Locator, ...options: string[]) {
    await filter.click();
    for (const option of options) await this.page.getByRole("menuitemcheckbox", { name: option }).click();
    await this.page.keyboard.press("Escape");
  }

  /**
   * Searches at once and waits for it: a pending debounced search would replace the URL (and
   * cancel a navigation) after a later click.
   */
  async searchNow(text: string) {
    await this.filters.search.fill(text);
    await this.filters.search.press("Enter");
    await expect(this.page).toHaveURL(/q=/);
  }

  /** Searches for `text` and opens the first delivery of `event` it lists. */
  async openFirst(text: string, event: string) {
    await this.goto();
    await this.searchNow(text);
    const link = this.page.getByRole("link", { name: event }).first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(this.page).toHaveURL(/\/testing\/event-logs\/[0-9a-f-]{36}$/);
  }
}
