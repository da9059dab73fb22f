import type { Locator } from "@playwright/test";
import { Screen } from "./screen";

/** Testing → Inbox: the captured requests of the hub's test inboxes, refreshed live. */
export class InboxPage extends Screen {
  readonly heading = this.page.getByRole("heading", { level: 1, name: "Inbox" });
  /** The inbox selector (shown when there are several inboxes). */
  readonly fields = this.fieldsByLabel({ inbox: { exact: "Inbox" }, response: { exact: "Response" } });
  /** Within the page itself: the confirmation's button has the same name. */
  readonly buttons = { clear: this.page.getByRole("main").getByRole("button", { name: "Clear inbox", exact: true }) };
  readonly clearDialog = this.page.getByRole("alertdialog", { name: "Clear the inbox?" });
  readonly requests = this.page.getByRole("region", { name: "Captured requests" }).getByRole("article");
  readonly emptyState = this.page.getByRole("heading", { name: "No requests yet" });

  async goto() {
    await this.page.goto("/testing/inbox");
  }

  /** Opens the inbox of a connector: through the selector when there are several. */
  async open(connector: string) {
    await this.goto();
    if (await this.fields.inbox.isVisible()) {
      await this.fields.inbox.selectOption({ label: connector });
      await this.page.waitForURL(/\?inbox=/);
    }
  }

  /** Clear inbox, confirmed in its dialog. */
  async clear() {
    await this.buttons.clear.click();
    await this.clearDialog.getByRole("button", { name: "Clear inbox", exact: true }).click();
  }

  /** The newest captured request (they are listed newest first). */
  newest(): Locator {
    return this.requests.first();
  }

  /** Opens a request's Headers and Body. */
  async expand(request: Locator) {
    for (const part of [/^Headers/, /^Body/]) {
      const details = request.locator("details").filter({ has: this.page.locator("summary", { hasText: part }) });
      if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
    }
  }

  /** A request's verdict badge for a scheme ("X-Qualifio-Signature" or "Standard Webhooks"). */
  verdict(request: Locator, scheme: string, verdict: "valid" | "invalid" | "missing"): Locator {
    return request.getByText(`${scheme}: ${verdict}`, { exact: true });
  }

  /** A request's header value cell, by header name (lower case, as received). */
  header(request: Locator, name: string): Locator {
    return request.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name, exact: true }) }).getByRole("cell");
  }
}
