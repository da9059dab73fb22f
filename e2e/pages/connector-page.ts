import { expect, type Locator, type Page } from "@playwright/test";

type GlobalVariables = { url?: string; secret?: string; headerName?: string; headerValue?: string };

/**
 * A connector's page: Name in the General tab, the Global variables tab (Notification URL, Webhook
 * secret, auth header, custom headers), the Active switch, Save, Send test event, the Alerts and
 * Replay failed deliveries cards.
 */
export class ConnectorPage {
  readonly generalTab: Locator;
  readonly globalVariablesTab: Locator;
  readonly name: Locator;
  readonly notificationUrl: Locator;
  readonly webhookSecret: Locator;
  readonly headerName: Locator;
  readonly headerValue: Locator;
  readonly deliverInOrder: Locator;
  readonly addHeaderButton: Locator;
  readonly active: Locator;
  readonly saveButton: Locator;
  readonly revealButton: Locator;
  readonly rotateButton: Locator;
  readonly rotateDialog: Locator;
  readonly deleteButton: Locator;
  readonly sendTestEventButton: Locator;
  readonly sendTestEventDialog: Locator;
  /** The read-only note marketers get. */
  readonly readOnlyNote: Locator;
  readonly alerts: Locator;
  readonly alertBanner: Locator;
  readonly failedSince: Locator;

  constructor(readonly page: Page) {
    this.generalTab = page.getByRole("tab", { name: "General" });
    this.globalVariablesTab = page.getByRole("tab", { name: "Global variables" });
    this.name = page.getByLabel("Name");
    this.notificationUrl = page.getByLabel("Notification URL");
    this.webhookSecret = page.getByLabel("Webhook secret");
    this.headerName = page.getByLabel("Header name");
    this.headerValue = page.getByLabel("Header value");
    this.deliverInOrder = page.getByLabel("Deliver each member's events in order");
    this.addHeaderButton = page.getByRole("button", { name: "Add header" });
    this.active = page.getByRole("switch", { name: "Active" });
    this.saveButton = page.getByRole("button", { name: "Save" });
    this.revealButton = page.getByRole("button", { name: "Reveal" });
    this.rotateButton = page.getByRole("button", { name: "Rotate" });
    this.rotateDialog = page.getByRole("dialog", { name: "Rotate webhook secret" });
    this.deleteButton = page.getByRole("button", { name: "Delete", exact: true });
    this.sendTestEventButton = page.getByRole("button", { name: "Send test event" });
    this.sendTestEventDialog = page.getByRole("dialog", { name: "Send test event" });
    this.readOnlyNote = page.getByRole("note");
    this.alerts = page.getByRole("region", { name: "Alerts", exact: true });
    this.alertBanner = page.getByTestId("connector-alert-banner");
    this.failedSince = page.getByLabel("Failed since");
  }

  async goto(id: string) {
    await this.page.goto(`/integrations/connectors/${id}`);
  }

  heading(name: string) {
    return this.page.getByRole("heading", { level: 1, name });
  }

  customHeader(n: number) {
    return { name: this.page.getByLabel(`Custom header ${n} name`), value: this.page.getByLabel(`Custom header ${n} value`) };
  }

  /** A fresh load of the page on Global variables: an earlier save's toast must not answer for the next one. */
  async openGlobalVariables(id: string) {
    await this.goto(id);
    await this.globalVariablesTab.click();
  }

  /** Fills what is given on the Global variables tab (it switches to it); nothing is saved yet. */
  async fillGlobalVariables(values: GlobalVariables) {
    await this.globalVariablesTab.click();
    if (values.url !== undefined) await this.notificationUrl.fill(values.url);
    if (values.secret !== undefined) await this.webhookSecret.fill(values.secret);
    if (values.headerName !== undefined) await this.headerName.fill(values.headerName);
    if (values.headerValue !== undefined) await this.headerValue.fill(values.headerValue);
  }

  async saveGlobalVariables() {
    await this.saveButton.click();
    await expect(this.page.getByText("Global variables saved.")).toBeVisible();
  }

  async activate() {
    await this.active.click();
    await expect(this.page.getByText("Saved: the connector is active.")).toBeVisible();
  }

  /**
   * On a fresh load of the connector's page (no earlier toast over the button): Send test event →
   * event type, program (and the member's email in the body) → Send; returns the delivery id it links to.
   */
  async sendTestEvent(id: string, event: string, program: string, memberEmail?: string): Promise<string> {
    await this.goto(id);
    await this.sendTestEventButton.click();
    const dialog = this.sendTestEventDialog;
    await dialog.getByLabel("Event type").selectOption({ label: event });
    await dialog.getByLabel("Program").selectOption({ label: program });
    if (memberEmail) {
      const body = dialog.getByLabel("Body");
      await body.fill((await body.inputValue()).replace("lena.hart@example.com", memberEmail));
    }
    await dialog.getByRole("button", { name: "Send", exact: true }).click();
    const link = dialog.getByRole("link", { name: "Open its log entry" });
    await expect(link).toBeVisible();
    const deliveryId = /\/testing\/event-logs\/([0-9a-f-]{36})$/.exec((await link.getAttribute("href")) ?? "")?.[1];
    expect(deliveryId).toBeTruthy();
    return deliveryId!;
  }
}
