import { expect, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { addRules, createApiKey, createProgram, openPushRules, saveRules, sendTestEvent, setUpIntegration, uniqueName } from "./flows";
import { InboxPage } from "./pages/inbox";

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
    await page.getByRole("tab", { name: "Global variables" }).click();
    await page.getByRole("button", { name: "Use a test inbox" }).click();
    await expect(page.getByLabel("Notification URL")).toHaveValue(/\/api\/inbox\/[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole("status").filter({ hasText: "Test inbox URL filled in" })).toBeVisible();
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByLabel("Signature scheme").selectOption({ label: "Qualifio + Standard Webhooks headers" });
    await page.getByLabel("Header name").fill("Authorization");
    await page.getByLabel("Header value").fill(authValue);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Global variables saved.")).toBeVisible();
  }

  test("an admin sends a test event to a test inbox and sees it with both signatures valid", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await createProgram(page, program);
    connectorId = await setUpIntegration(page, connector);
    await pointAtTestInbox(page);

    await sendTestEvent(page, connectorId, "Points earned", program);

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
    await expect(request.getByLabel(/^Body of the request/)).toContainText('"test": true');
    await admin.close();
  });

  test("an event ingested for the program reaches the inbox through a push rule", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    const key = await createApiKey(page, program, "Inbox backend");
    await page.goto(`/integrations/connectors/${connectorId}`);
    await page.getByRole("switch", { name: "Active" }).click();
    await expect(page.getByText("Saved: the connector is active.")).toBeVisible();
    await openPushRules(page, program);
    await addRules(page, ["Reward offered"], connector);
    await saveRules(page, "Push rules saved: 1 added.");

    const memberEmail = `inbox-${Date.now()}@e2e.example`;
    const response = await page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: { type: "reward.offered", member: { id: "inbox-member", email: memberEmail }, data: { reward: { id: "r-1", name: "Free coffee" }, offeredBy: "QA" } },
    });
    expect(response.status(), await response.text()).toBe(202);

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
    await expect(inbox.response).toBeDisabled();
    await expect(inbox.clearButton).toBeDisabled();
    // The connector's page offers no test inbox to a marketer.
    await page.goto(`/integrations/connectors/${connectorId}`);
    await page.getByRole("tab", { name: "Global variables" }).click();
    await expect(page.getByLabel("Notification URL")).toBeVisible();
    await expect(page.getByRole("button", { name: "Use a test inbox" })).toHaveCount(0);
    await marketer.close();
  });

  test("an admin clears the inbox; the screenshot shows a few captured requests first", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await sendTestEvent(page, connectorId, "Level changed", program);
    const inbox = new InboxPage(page);
    await inbox.open(connector);
    await expect(inbox.requests).toHaveCount(3);
    await page.screenshot({ path: "docs/screenshots/test-inbox.png", fullPage: false });
    await inbox.clearButton.click();
    await expect(page.getByText("Inbox cleared.")).toBeVisible();
    await expect(inbox.emptyState).toBeVisible();
    await admin.close();
  });
});
