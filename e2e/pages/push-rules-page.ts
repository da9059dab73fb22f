import { expect, type Locator, type Page } from "@playwright/test";

/** Integrations → Push rules: a program's rules, the Add panel and the events × destinations matrix. */
export class PushRulesPage {
  readonly program: Locator;
  readonly events: Locator;
  readonly destinations: Locator;
  readonly alsoApplyTo: Locator;
  readonly addButton: Locator;
  readonly saveButton: Locator;
  readonly unsavedChanges: Locator;
  readonly filterDialog: Locator;

  constructor(readonly page: Page) {
    this.program = page.getByLabel("Program");
    this.events = page.getByRole("group", { name: "Events" });
    this.destinations = page.getByRole("group", { name: "Push destinations" });
    this.alsoApplyTo = page.getByRole("group", { name: "Also apply to" });
    this.addButton = page.getByRole("button", { name: "Add", exact: true });
    this.saveButton = page.getByRole("button", { name: "Save", exact: true });
    this.unsavedChanges = page.getByRole("list", { name: "Unsaved changes" });
    this.filterDialog = page.getByRole("dialog", { name: "Filter" });
  }

  /** Opens the rules of `program` (the page starts on the first program; switching puts it in the URL). */
  async goto(program: string) {
    await this.page.goto("/integrations/push-rules");
    if ((await this.program.locator("option:checked").textContent()) !== program) {
      await this.program.selectOption({ label: program });
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
    await this.addButton.click();
  }

  /** Save, its toast, and nothing left unsaved. */
  async save(toast: string) {
    await this.saveButton.click();
    await expect(this.page.getByText(toast)).toBeVisible();
    await expect(this.status("No unsaved changes")).toBeVisible();
  }
}
