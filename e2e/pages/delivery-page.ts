import type { Locator, Page } from "@playwright/test";

/** A delivery's page under Testing → Event logs: Request, Response, Attempts, Resend and edited resends. */
export class DeliveryPage {
  readonly heading: Locator;
  readonly request: Locator;
  readonly response: Locator;
  readonly attempts: Locator;
  readonly resendButton: Locator;
  readonly resendWithChangesButton: Locator;
  readonly resendDialog: Locator;
  readonly editedResendsRegion: Locator;
  readonly editedResends: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.request = page.getByRole("region", { name: "Request" });
    this.response = page.getByRole("region", { name: "Response" });
    this.attempts = page.getByRole("list", { name: "Attempts" });
    this.resendButton = page.getByRole("button", { name: "Resend", exact: true });
    this.resendWithChangesButton = page.getByRole("button", { name: "Resend with changes" });
    this.resendDialog = page.getByRole("dialog", { name: "Resend with changes" });
    this.editedResendsRegion = page.getByRole("region", { name: "Edited resends" });
    this.editedResends = this.editedResendsRegion.getByRole("listitem");
  }

  async goto(deliveryId: string) {
    await this.page.goto(`/testing/event-logs/${deliveryId}`);
  }

  /** The delivery id in the page's URL. */
  id() {
    return /\/testing\/event-logs\/([0-9a-f-]{36})$/.exec(this.page.url())?.[1] ?? "";
  }
}
