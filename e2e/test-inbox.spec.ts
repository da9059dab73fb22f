import { expect, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { ingest, pushEvents, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { InboxPage } from "./pages/inbox";
import { ProgramPage } from "./pages/program-page";
import { ProgramsPage } from "./pages/programs-page";

/*
 * The built-in test inbox: a connector pointed at the hub's own capture endpoint with Use a test
 * inbox, a test event and an ingested event arriving there with both signatures valid, and what a
 * marketer may read of them.
 */
test.describe.serial("test inbox", () => {
  const program = uniqueName("Inbox Club");
  const connector = uniqueName("Inbox Receiver");
  const authValue = `Bearer inbox-e2e-${Date.now()}`;
  let connectorId = "";

  /** Global variables: Use a test inbox, a generated whsec_ secret, Standard Webhooks too, an auth header; Save. */
  async function pointAtTestInbox(page: Page) {
    const editor = new ConnectorPage(page);
    await editor.useTestInbox();
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByLabel("Signature scheme").selectOption({ label: "Qualifio + Standard Webhooks headers" });
    await editor.fillGlobalVariables({ headerName: "Authorization", headerValue: authValue });
    await editor.saveGlobalVariables();
  }

  test("an admin sends a test event to a test inbox and sees it with both signatures valid", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await new ProgramsPage(page).create(program);
    connectorId = await new ConnectorsPage(page).create(connector);
    await pointAtTestInbox(page);

    await new ConnectorPage(page).sendTestEvent(connectorId, "Points earned", program);

    await page.keyboard.press("Escape");
    const inbox = new InboxPage(page);
    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await expect(inbox.heading).toBeVisible();
    await inbox.open(connector);
    const request = inbox.newest();
    await expect(request).toBeVisible();
    await expect(inbox.verdict(request, "X-Qualifio-Signature", "valid")).toBeVisible();
    await expect(inbox.verdict(request, "Standard Webhooks", "valid")).toBeVisible();
    await inbox.expand(request);
    await expect(inbox.header(request, "authorization")).toHaveText(authValue);
    await expect(inbox.header(request, "x-qualifio-event")).toHaveText("points.earned");
    // Exactly what the hub sent: none of the headers its own server and Next add to an incoming request.
    await expect(inbox.header(request, "content-length")).toHaveCount(1);
    for (const added of ["x-request-id", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto"]) {
      await expect(inbox.header(request, added)).toHaveCount(0);
    }
    await expect(request.getByLabel(/^Body of the request/)).toContainText('"test": true');
    await admin.close();
  });

  test("an event ingested for the program reaches the inbox through a push rule", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    const programs = new ProgramsPage(page);
    await programs.goto();
    await programs.open(program);
    const key = await new ProgramPage(page).createApiKey("Inbox backend");
    const editor = new ConnectorPage(page);
    await editor.goto(connectorId);
    await editor.activate();
    await pushEvents(page, program, ["Reward offered"], connector);

    const memberEmail = `inbox-${Date.now()}@e2e.example`;
    await ingest(page.request, key, {
      type: "reward.offered",
      member: { id: "inbox-member", email: memberEmail },
      data: { reward: { id: "r-1", name: "Free coffee" }, offeredBy: "QA" },
    });

    const inbox = new InboxPage(page);
    await inbox.open(connector);
    // Live refresh: the delivery arrives without a reload.
    const request = inbox.requests.filter({ hasText: "reward.offered" });
    await expect(request).toHaveCount(1, { timeout: 15_000 });
    await inbox.expand(request);
    await expect(request.getByLabel(/^Body of the request/)).toContainText(memberEmail);
    await expect(inbox.verdict(request, "X-Qualifio-Signature", "valid")).toBeVisible();
    await expect(inbox.verdict(request, "Standard Webhooks", "valid")).toBeVisible();
    await admin.close();
  });

  test("a marketer reads the inbox without the auth header value and cannot change it", async ({ browser }) => {
    const marketer = await browser.newContext({ storageState: storage.marketer });
    const page = await marketer.newPage();
    const inbox = new InboxPage(page);
    await inbox.open(connector);
    const request = inbox.newest();
    await expect(request).toBeVisible();
    await inbox.expand(request);
    await expect(inbox.header(request, "authorization")).toHaveText("[redacted]");
    await expect(inbox.verdict(request, "X-Qualifio-Signature", "valid")).toBeVisible();
    await expect(page.locator("body")).not.toContainText(authValue);
    await expect(inbox.fields.response).toBeDisabled();
    await expect(inbox.buttons.clear).toBeDisabled();
    // The connector's page offers no test inbox to a marketer.
    const editor = new ConnectorPage(page);
    await editor.openGlobalVariables(connectorId);
    await expect(editor.fields.notificationUrl).toBeVisible();
    await expect(editor.buttons.useTestInbox).toHaveCount(0);
    await marketer.close();
  });

  test("an admin clears the inbox; the screenshot shows a few captured requests first", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await new ConnectorPage(page).sendTestEvent(connectorId, "Level changed", program);
    const inbox = new InboxPage(page);
    await inbox.open(connector);
    await expect(inbox.requests).toHaveCount(3);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/test-inbox.png", fullPage: false });
    // Clear inbox asks first, saying how many requests go; Cancel keeps them.
    await inbox.buttons.clear.click();
    await expect(inbox.clearDialog).toContainText("Its 3 captured requests are deleted.");
    await inbox.clearDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(inbox.requests).toHaveCount(3);
    await inbox.clear();
    await expect(page.getByText("Inbox cleared.")).toBeVisible();
    await expect(inbox.emptyState).toBeVisible();
    await admin.close();
  });
});
