import { Screen } from "./screen";

/** Integrations → Event catalog: one region per event type, with its example and schema. */
export class EventCatalogPage extends Screen {
  readonly heading = this.page.getByRole("heading", { name: "Event catalog" });

  event(label: string) {
    return this.page.getByRole("region", { name: label });
  }
}
