import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext } from "@playwright/test";
import { as, PROGRAM } from "./fixtures";
import { createActiveConnector, uniqueName, useReceiver } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { DeliveryPage } from "./pages/delivery-page";

/** Opens `path` in a new page of `context`; returns it with its HTML (and inline RSC payload) and the RSC payload of a client navigation to it. */
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
    await as(browser, "admin", async (page) => {
      connectorId = await createActiveConnector(page, uniqueName("Slack-like"), url);
      deliveryId = await new ConnectorPage(page).sendTestEvent(connectorId, "Points earned", PROGRAM);
      // The receiver answers 500 to this path: the attempt is recorded, which is all this needs.
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      await expect(delivery.attempts).toContainText("Attempt 1", { timeout: 20_000 });
    });
  });

  /** The connector page (on Global variables) and the delivery page, as the context's role gets them. */
  async function screensOf(context: BrowserContext) {
    const connector = await everythingSentFor(context, `/integrations/connectors/${connectorId}`);
    const connectorPage = new ConnectorPage(connector.page);
    await connectorPage.globalVariablesTab.click();
    const delivery = await everythingSentFor(context, `/testing/event-logs/${deliveryId}`);
    return { connector: connectorPage, delivery: new DeliveryPage(delivery.page), sent: [connector.sent, delivery.sent] };
  }

  test("a marketer gets scheme and host only, on the connector page and the delivery page", async ({ browser }) => {
    await as(browser, "marketer", async (page) => {
      const { connector, delivery, sent } = await screensOf(page.context());
      await expect(connector.fields.notificationUrl).toHaveValue(masked);
      await expect(delivery.request).toContainText(masked);
      for (const token of [pathToken, queryToken]) for (const text of sent) expect(text).not.toContain(token);

      const api = await page.request.get(`/api/connectors/${connectorId}`);
      expect(await api.json()).toMatchObject({ connector: { notificationUrl: masked } });
      const csv = await (await page.request.get(`/api/event-logs/export?connector=${connectorId}`)).text();
      for (const token of [pathToken, queryToken]) expect(csv).not.toContain(token);
    });
  });

  test("an admin sees and edits the whole URL", async ({ browser }) => {
    await as(browser, "admin", async (page) => {
      const { connector, delivery } = await screensOf(page.context());
      await expect(connector.fields.notificationUrl).toHaveValue(url);
      await expect(connector.fields.notificationUrl).toBeEnabled();
      await expect(delivery.request).toContainText(url);
    });
  });
});
