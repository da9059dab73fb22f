import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, sendTestEvent, uniqueName, useReceiver } from "./flows";

const PROGRAM = "Coffee Club Rewards";

/** The page's HTML (with its inline RSC payload) and the RSC payload of a client navigation to it. */
async function everythingSentFor(context: BrowserContext, path: string) {
  const page = await context.newPage();
  await page.goto(path);
  const html = await page.content();
  const rsc = await context.request.get(path, { headers: { RSC: "1" } });
  return { page, sent: `${html}\n${await rsc.text()}` };
}

test.describe("Notification URLs by role", () => {
  const receiver = useReceiver();
  const pathToken = `e2e-path-${randomBytes(6).toString("hex")}`;
  const queryToken = `e2e-query-${randomBytes(6).toString("hex")}`;
  let url: string;
  let masked: string;
  let connectorId: string;
  let deliveryId: string;

  test.beforeAll(async ({ browser }) => {
    url = receiver.url(`/services/${pathToken}?token=${queryToken}`);
    masked = `${new URL(url).origin}/••••`;
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    connectorId = await createActiveConnector(page, uniqueName("Slack-like"), url);
    deliveryId = await sendTestEvent(page, connectorId, "Points earned", PROGRAM);
    // The receiver answers 500 to this path: the attempt is recorded, which is all this needs.
    await page.goto(`/testing/event-logs/${deliveryId}`);
    await expect(page.getByRole("list", { name: "Attempts" })).toContainText("Attempt 1", { timeout: 20_000 });
    await admin.close();
  });

  test("a marketer gets scheme and host only, on the connector page and the delivery page", async ({ browser }) => {
    const marketer = await browser.newContext({ storageState: storage.marketer });

    const connector = await everythingSentFor(marketer, `/integrations/connectors/${connectorId}`);
    await connector.page.getByRole("tab", { name: "Global variables" }).click();
    await expect(connector.page.getByLabel("Notification URL")).toHaveValue(masked);
    for (const token of [pathToken, queryToken]) expect(connector.sent).not.toContain(token);

    const delivery = await everythingSentFor(marketer, `/testing/event-logs/${deliveryId}`);
    await expect(delivery.page.getByRole("region", { name: "Request" })).toContainText(masked);
    for (const token of [pathToken, queryToken]) expect(delivery.sent).not.toContain(token);

    const api = await marketer.request.get(`/api/connectors/${connectorId}`);
    expect(await api.json()).toMatchObject({ connector: { notificationUrl: masked } });
    const csv = await (await marketer.request.get(`/api/event-logs/export?connector=${connectorId}`)).text();
    for (const token of [pathToken, queryToken]) expect(csv).not.toContain(token);
    await marketer.close();
  });

  test("an admin sees and edits the whole URL", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const connector = await everythingSentFor(admin, `/integrations/connectors/${connectorId}`);
    await connector.page.getByRole("tab", { name: "Global variables" }).click();
    await expect(connector.page.getByLabel("Notification URL")).toHaveValue(url);
    await expect(connector.page.getByLabel("Notification URL")).toBeEnabled();
    const delivery = await everythingSentFor(admin, `/testing/event-logs/${deliveryId}`);
    await expect(delivery.page.getByRole("region", { name: "Request" })).toContainText(url);
    await admin.close();
  });
});
