import { expect } from "@playwright/test";
import { Screen } from "./screen";

type GlobalVariables = { url?: string; secret?: string; headerName?: string; headerValue?: string };

/**
 * A connector's page: Name in the General tab, the Global variables tab (Notification URL, Webhook
 * secret, auth header, custom headers), the Active switch, Save, Send test event, the Alerts and
 * Replay failed deliveries cards.
 */
export class ConnectorPage extends Screen {
  readonly generalTab = this.page.getByRole("tab", { name: "General" });
  readonly globalVariablesTab = this.page.getByRole("tab", { name: "Global variables" });
  readonly fields = this.fieldsByLabel({
    name: "Name",
    notificationUrl: "Notification URL",
    webhookSecret: "Webhook secret",
    headerName: "Header name",
    headerValue: "Header value",
    deliverInOrder: "Deliver each member's events in order",
    failedSince: "Failed since",
  });
  readonly buttons = this.buttonsByName({
    addHeader: "Add header",
    save: "Save",
    reveal: "Reveal",
    rotate: "Rotate",
    delete: { exact: "Delete" },
    useTestInbox: "Use a test inbox",
    sendTestEvent: "Send test event",
  });
  readonly active = this.page.getByRole("switch", { name: "Active" });
  readonly rotateDialog = this.page.getByRole("dialog", { name: "Rotate webhook secret" });
  readonly sendTestEventDialog = this.page.getByRole("dialog", { name: "Send test event" });
  /** The read-only note marketers get. */
  readonly readOnlyNote = this.page.getByRole("note");
  readonly alerts = this.page.getByRole("region", { name: "Alerts", exact: true });
  readonly alertBanner = this.page.getByTestId("connector-alert-banner");

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
    if (values.url !== undefined) await this.fields.notificationUrl.fill(values.url);
    if (values.secret !== undefined) await this.fields.webhookSecret.fill(values.secret);
    if (values.headerName !== undefined) await this.fields.headerName.fill(values.headerName);
    if (values.headerValue !== undefined) await this.fields.headerValue.fill(values.headerValue);
  }

  /** Global variables → Use a test inbox: Notification URL becomes the connector's inbox on the hub (not saved yet). */
  async useTestInbox() {
    await this.globalVariablesTab.click();
    await this.buttons.useTestInbox.click();
    await expect(this.fields.notificationUrl).toHaveValue(/\/api\/inbox\/[A-Za-z0-9_-]{43}$/);
    await expect(this.page.getByRole("status").filter({ hasText: "Test inbox URL filled in" })).toBeVisible();
  }

  async saveGlobalVariables() {
    await this.buttons.save.click();
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
    await this.buttons.sendTestEvent.click();
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
