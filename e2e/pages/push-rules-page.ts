import { expect } from "@playwright/test";
import { Screen } from "./screen";

/** Integrations → Push rules: a program's rules, the Add panel and the events × destinations matrix. */
export class PushRulesPage extends Screen {
  readonly fields = this.fieldsByLabel({ program: "Program" });
  readonly events = this.page.getByRole("group", { name: "Events" });
  readonly destinations = this.page.getByRole("group", { name: "Push destinations" });
  readonly alsoApplyTo = this.page.getByRole("group", { name: "Also apply to" });
  readonly buttons = this.buttonsByName({ add: { exact: "Add" }, save: { exact: "Save" } });
  readonly unsavedChanges = this.page.getByRole("list", { name: "Unsaved changes" });
  readonly filterDialog = this.page.getByRole("dialog", { name: "Filter" });

  /** Opens the rules of `program` (the page starts on the first program; switching puts it in the URL). */
  async goto(program: string) {
    await this.page.goto("/integrations/push-rules");
    if ((await this.fields.program.locator("option:checked").textContent()) !== program) {
      await this.fields.program.selectOption({ label: program });
      await expect(this.page).toHaveURL(/\?program=/);
    }
    await expect(this.page.getByRole("heading", { name: `Rules of ${program}` })).toBeVisible();
  }

  /** The "N unsaved changes" / "No unsaved changes" status line. */
  status(text: string) {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  matrix(program: string) {
    return this.page.getByRole("table", { name: `Push rules of ${program}` });
  }

  removeButton(event: string, connector: string) {
    return this.page.getByRole("button", { name: `Remove ${event} → ${connector}`, exact: true });
  }

  filterButton(event: string, connector: string) {
    return this.page.getByRole("button", { name: `Filter for ${event} → ${connector}`, exact: true });
  }

  /** Ticks events, one destination and other programs, then Add (still unsaved). */
  async add(events: string[], connector: string, alsoApplyTo: string[] = []) {
    for (const event of events) await this.events.getByLabel(event, { exact: true }).check();
    await this.destinations.getByLabel(connector, { exact: true }).check();
    for (const program of alsoApplyTo) await this.alsoApplyTo.getByLabel(program, { exact: true }).check();
    await this.buttons.add.click();
  }

  /** Save, the outcome the save bar states, and nothing left unsaved. */
  async save(outcome: string) {
    await this.buttons.save.click();
    await expect(this.page.getByText(outcome)).toBeVisible();
    await expect(this.status("No unsaved changes")).toBeVisible();
  }
}
