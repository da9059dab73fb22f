import { expect, type Locator, type Page } from "@playwright/test";

/** Testing → Event logs: the deliveries table, its filters in the URL and live refresh. */
export class EventLogsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly connector: Locator;
  readonly status: Locator;
  readonly event: Locator;
  readonly resetFilters: Locator;
  readonly exportCsv: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Event logs" });
    this.table = page.getByRole("table", { name: "Deliveries" });
    this.search = page.getByLabel("Search");
    this.connector = page.getByLabel("Connector");
    this.status = page.getByLabel("Status");
    this.event = page.getByLabel("Event");
    this.resetFilters = page.getByRole("button", { name: "Reset filters" });
    this.exportCsv = page.getByRole("link", { name: "Export CSV" });
  }

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
    await this.search.fill(text);
    await this.search.press("Enter");
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
