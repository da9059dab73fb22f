import { Screen } from "./screen";

/** Integrations → API: the ingest endpoint's reference and copyable examples. */
export class ApiPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "API" });
  readonly endpoint = this.page.getByTestId("ingest-endpoint");

  async goto() {
    await this.page.goto("/integrations/api");
  }

  /** Clicks a code block's copy button and returns what landed on the clipboard. */
  async copy(label: string) {
    await this.page.getByRole("button", { name: `Copy ${label}`, exact: true }).click();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}
