import type { Locator, Page } from "@playwright/test";

/** Integrations → Event catalog: one region per event type, with its example and schema. */
export class EventCatalogPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Event catalog" });
  }

  event(label: string) {
    return this.page.getByRole("region", { name: label });
  }
}
