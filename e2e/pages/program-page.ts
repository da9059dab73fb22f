import { expect } from "@playwright/test";
import { Screen } from "./screen";

/** A program's page: its name, Rename and (admins only) its API keys. */
export class ProgramPage extends Screen {
  readonly keyLabel = this.page.getByLabel("Label");
  readonly createApiKeyButton = this.page.getByRole("button", { name: "Create API key" });
  readonly keyCreatedDialog = this.page.getByRole("dialog", { name: "API key created" });

  apiKeyRow(prefix: string) {
    return this.rowWithCell(`${prefix}…`);
  }

  /** Label → Create API key, then reads the key (shown once) and closes the dialog with Done. */
  async createApiKey(label: string): Promise<string> {
    await this.keyLabel.fill(label);
    await this.createApiKeyButton.click();
    const key = await this.keyCreatedDialog.getByLabel("API key", { exact: true }).inputValue();
    expect(key).toMatch(/^ihk_/);
    await this.keyCreatedDialog.getByRole("button", { name: "Done" }).click();
    return key;
  }
}
