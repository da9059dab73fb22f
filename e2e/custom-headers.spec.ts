import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { as, PROGRAM } from "./fixtures";
import { createActiveConnector, uniqueName, useReceiver } from "./flows";
import { ConnectorPage } from "./pages/connector-page";

/*
 * Custom headers on a connector's Global variables: added, edited and removed by an admin, kept by
 * a save and a reload, refused under the field when a name is not a header name, and sent with
 * every delivery exactly as configured. A marketer sees the names, never the values.
 */

test.describe("Custom headers", () => {
  const receiver = useReceiver();

  test("an admin adds, edits and removes custom headers; deliveries carry them as configured", async ({ browser }) => {
    const tenant = `coffee-${randomBytes(4).toString("hex")}`;
    const connectorId = await as(browser, "admin", async (page) => {
      const id = await createActiveConnector(page, uniqueName("Headers CRM"), receiver.url("/ok"));
      const connector = new ConnectorPage(page);
      const header = (n: number) => connector.customHeader(n);

      await connector.openGlobalVariables(id);
      await expect(page.getByText("No custom headers.")).toBeVisible();
      for (const [name, value] of [["X-Tenant", "draft"], ["X-Region", "eu-west"], ["X Bad Name", "x"]]) {
        await connector.buttons.addHeader.click();
        await page.getByLabel(/^Custom header \d+ name$/).last().fill(name!);
        await page.getByLabel(/^Custom header \d+ value$/).last().fill(value!);
      }
      await connector.buttons.save.click();
      const message = "Use only letters, digits and hyphens (-) in a header name.";
      await expect(header(3).name).toHaveAttribute("aria-invalid", "true");
      await expect(header(3).name).toHaveAccessibleDescription(message);
      await expect(header(1).name).toHaveAttribute("aria-invalid", "false");

      // Removed, the bad row takes its message with it; the other two are edited and saved.
      await page.getByRole("button", { name: "Remove custom header 3" }).click();
      await expect(page.getByText(message)).toHaveCount(0);
      await header(1).value.fill(tenant);
      await connector.saveGlobalVariables();

      await connector.openGlobalVariables(id);
      await expect(header(1).name).toHaveValue("X-Tenant");
      await expect(header(1).value).toHaveValue(tenant);
      await expect(header(2).name).toHaveValue("X-Region");
      await expect(header(2).value).toHaveValue("eu-west");
      await expect(header(3).name).toHaveCount(0);

      // X-Region goes; X-Tenant stays.
      await page.getByRole("button", { name: "Remove custom header 2" }).click();
      await connector.saveGlobalVariables();
      await connector.openGlobalVariables(id);
      await expect(header(1).name).toHaveValue("X-Tenant");
      await expect(header(2).name).toHaveCount(0);

      const deliveryId = await connector.sendTestEvent(id, "Points earned", PROGRAM);
      await expect.poll(() => receiver.received.filter((r) => r.headers["x-qualifio-delivery"] === deliveryId).length).toBe(1);
      const sent = receiver.received.find((r) => r.headers["x-qualifio-delivery"] === deliveryId)!;
      expect(sent.headers["x-tenant"]).toBe(tenant);
      expect(sent.headers["x-region"]).toBeUndefined();
      expect(sent.headers["x-bad-name"]).toBeUndefined();
      return id;
    });

    // A marketer sees which headers are sent, not their values.
    await as(browser, "marketer", async (page) => {
      const connector = new ConnectorPage(page);
      await connector.openGlobalVariables(connectorId);
      await expect(connector.customHeader(1).name).toHaveValue("X-Tenant");
      await expect(connector.customHeader(1).name).toBeDisabled();
      await expect(connector.customHeader(1).value).toHaveValue("");
      await expect(connector.customHeader(1).value).toHaveAttribute("placeholder", "Hidden from your role");
      await expect(connector.buttons.addHeader).toHaveCount(0);
      expect(await page.content()).not.toContain(tenant);
    });
  });
});
