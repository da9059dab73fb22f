import { expect } from "@playwright/test";
import { Screen } from "./screen";

/** A program's page: its name, Rename and (admins only) its API keys. */
export class ProgramPage extends Screen {
  /** Within the page itself: while the dialog is open, its submit button has the same name. */
  readonly createApiKeyButton = this.page.getByRole("main").getByRole("button", { name: "Create API key", exact: true });
  readonly createApiKeyDialog = this.page.getByRole("dialog", { name: "Create API key" });
  readonly keyLabel = this.createApiKeyDialog.getByLabel("Label");
  readonly submitApiKeyButton = this.createApiKeyDialog.getByRole("button", { name: "Create API key" });
  readonly keyCreatedDialog = this.page.getByRole("dialog", { name: "API key created" });

  apiKeyRow(prefix: string) {
    return this.rowWithCell(`${prefix}…`);
  }

  /** Opens Create API key and submits `label` as it is (an empty one, say). */
  async submitApiKey(label: string) {
    await this.createApiKeyButton.click();
    await this.keyLabel.fill(label);
    await this.submitApiKeyButton.click();
  }

  /** Create API key → Label → Create API key, then reads the key (shown once) and closes the dialog with Done. */
  async createApiKey(label: string): Promise<string> {
    await this.submitApiKey(label);
    const key = await this.keyCreatedDialog.getByLabel("API key", { exact: true }).inputValue();
    expect(key).toMatch(/^ihk_/);
    await this.keyCreatedDialog.getByRole("button", { name: "Done" }).click();
    return key;
  }
}
