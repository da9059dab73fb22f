import { expect } from "@playwright/test";
import { createByName } from "./name-dialog";
import { listScreen } from "./screen";

/** Integrations → Connectors: the list and its "Set up an integration" dialog. */
export class ConnectorsPage extends listScreen("/integrations/connectors") {
  readonly buttons = this.buttonsByName({ setUp: "Set up an integration" });
  readonly setUpDialog = this.page.getByRole("dialog", { name: "Set up an integration" });

  /** Set up an integration → Name → Continue: the new connector's page (inactive, no URL yet); returns its id. */
  async create(name: string): Promise<string> {
    await this.goto();
    await createByName(this.page, this.buttons.setUp, this.setUpDialog, "Continue", name);
    const id = /\/integrations\/connectors\/([0-9a-f-]{36})$/.exec(this.page.url())?.[1];
    expect(id).toBeTruthy();
    return id!;
  }
}
