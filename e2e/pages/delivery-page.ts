import { Screen } from "./screen";

/** A delivery's page under Testing → Event logs: Request, Response, Attempts, Resend and edited resends. */
export class DeliveryPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1 });
  readonly request = this.page.getByRole("region", { name: "Request" });
  readonly response = this.page.getByRole("region", { name: "Response" });
  readonly attempts = this.page.getByRole("list", { name: "Attempts" });
  readonly buttons = this.buttonsByName({ resend: { exact: "Resend" }, resendWithChanges: "Resend with changes" });
  readonly resendDialog = this.page.getByRole("dialog", { name: "Resend with changes" });
  readonly editedResendsRegion = this.page.getByRole("region", { name: "Edited resends" });
  readonly editedResends = this.editedResendsRegion.getByRole("listitem");

  async goto(deliveryId: string) {
    await this.page.goto(`/testing/event-logs/${deliveryId}`);
  }

  /** The delivery id in the page's URL. */
  id() {
    return /\/testing\/event-logs\/([0-9a-f-]{36})$/.exec(this.page.url())?.[1] ?? "";
  }
}
