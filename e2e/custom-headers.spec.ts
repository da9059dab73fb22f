import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, sendTestEvent, uniqueName, useReceiver } from "./flows";

/*
 * Custom headers on a connector's Global variables: added, edited and removed by an admin, kept by
 * a save and a reload, refused under the field when a name is not a header name, and sent with
 * every delivery exactly as configured. A marketer sees the names, never the values.
 */

const PROGRAM = "Coffee Club Rewards";

const header = (page: Page, n: number) => ({
  name: page.getByLabel(`Custom header ${n} name`),
  value: page.getByLabel(`Custom header ${n} value`),
});

/** A fresh page on Global variables: an earlier save's toast must not answer for the next one. */
async function openGlobalVariables(page: Page, connectorId: string) {
  await page.goto(`/integrations/connectors/${connectorId}`);
  await page.getByRole("tab", { name: "Global variables" }).click();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Global variables saved.")).toBeVisible();
}

test.describe("Custom headers", () => {
  const receiver = useReceiver();

  test("an admin adds, edits and removes custom headers; deliveries carry them as configured", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    const tenant = `coffee-${randomBytes(4).toString("hex")}`;
    const connectorId = await createActiveConnector(page, uniqueName("Headers CRM"), receiver.url("/ok"));

    await openGlobalVariables(page, connectorId);
    await expect(page.getByText("No custom headers.")).toBeVisible();
    for (const [name, value] of [["X-Tenant", "draft"], ["X-Region", "eu-west"], ["X Bad Name", "x"]]) {
      await page.getByRole("button", { name: "Add header" }).click();
      await page.getByLabel(/^Custom header \d+ name$/).last().fill(name!);
      await page.getByLabel(/^Custom header \d+ value$/).last().fill(value!);
    }
    await page.getByRole("button", { name: "Save" }).click();
    const message = "Use only letters, digits and hyphens (-) in a header name.";
    await expect(header(page, 3).name).toHaveAttribute("aria-invalid", "true");
    await expect(header(page, 3).name).toHaveAccessibleDescription(message);
    await expect(header(page, 1).name).toHaveAttribute("aria-invalid", "false");

    // Removed, the bad row takes its message with it; the other two are edited and saved.
    await page.getByRole("button", { name: "Remove custom header 3" }).click();
    await expect(page.getByText(message)).toHaveCount(0);
    await header(page, 1).value.fill(tenant);
    await save(page);

    await openGlobalVariables(page, connectorId);
    await expect(header(page, 1).name).toHaveValue("X-Tenant");
    await expect(header(page, 1).value).toHaveValue(tenant);
    await expect(header(page, 2).name).toHaveValue("X-Region");
    await expect(header(page, 2).value).toHaveValue("eu-west");
    await expect(header(page, 3).name).toHaveCount(0);

    // X-Region goes; X-Tenant stays.
    await page.getByRole("button", { name: "Remove custom header 2" }).click();
    await save(page);
    await openGlobalVariables(page, connectorId);
    await expect(header(page, 1).name).toHaveValue("X-Tenant");
    await expect(header(page, 2).name).toHaveCount(0);

    const deliveryId = await sendTestEvent(page, connectorId, "Points earned", PROGRAM);
    await expect.poll(() => receiver.received.filter((r) => r.headers["x-qualifio-delivery"] === deliveryId).length).toBe(1);
    const sent = receiver.received.find((r) => r.headers["x-qualifio-delivery"] === deliveryId)!;
    expect(sent.headers["x-tenant"]).toBe(tenant);
    expect(sent.headers["x-region"]).toBeUndefined();
    expect(sent.headers["x-bad-name"]).toBeUndefined();

    // A marketer sees which headers are sent, not their values.
    const marketer = await browser.newContext({ storageState: storage.marketer });
    const marketerPage = await marketer.newPage();
    await openGlobalVariables(marketerPage, connectorId);
    await expect(header(marketerPage, 1).name).toHaveValue("X-Tenant");
    await expect(header(marketerPage, 1).name).toBeDisabled();
    await expect(header(marketerPage, 1).value).toHaveValue("");
    await expect(header(marketerPage, 1).value).toHaveAttribute("placeholder", "Hidden from your role");
    await expect(marketerPage.getByRole("button", { name: "Add header" })).toHaveCount(0);
    expect(await marketerPage.content()).not.toContain(tenant);
    await marketer.close();
    await admin.close();
  });
});
