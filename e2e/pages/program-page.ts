import { expect, type Locator, type Page } from "@playwright/test";

/** A program's page: its name, Rename and (admins only) its API keys. */
export class ProgramPage {
  readonly keyLabel: Locator;
  readonly createApiKeyButton: Locator;
  readonly keyCreatedDialog: Locator;

  constructor(readonly page: Page) {
    this.keyLabel = page.getByLabel("Label");
    this.createApiKeyButton = page.getByRole("button", { name: "Create API key" });
    this.keyCreatedDialog = page.getByRole("dialog", { name: "API key created" });
  }

  apiKeyRow(prefix: string) {
    return this.page.getByTestId(`api-key-row-${prefix}`);
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
