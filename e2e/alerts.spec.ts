import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { as, storage } from "./fixtures";
import { createActiveConnector, ingest, uniqueName, useReceiver, wireUp } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { HomePage } from "./pages/home-page";
import { Shell } from "./pages/shell";

/*
 * "Alerts when a connector is in trouble": an admin sets a connector to alert after 2 consecutive
 * failures with another connector ("Ops") as its Alert destination; its receiver is down, so three
 * events raise one "failing" alert: the bell counts it, the connector page says so, and Ops receives
 * one signed connector.failing event (the receiver answers 200 at /ok, 500 elsewhere).
 */

const SUCCESS_RATE = "Alert when the success rate over 15 minutes is below (%)";

/** Opens and closes the bell, so whatever other specs raised counts as read. */
async function clearBell(page: Page) {
  const { bell } = new Shell(page);
  await expect(bell).toBeEnabled();
  await bell.click();
  await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
  await expect(bell).toHaveAccessibleName("Notifications");
  await page.keyboard.press("Escape");
}

test.describe("Alerts", () => {
  test.use({ storageState: storage.admin });
  const receiver = useReceiver();

  test("a failing connector raises one alert: bell, banner, overview, list, and one signed event to its Alert destination", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const program = uniqueName("Alerts Club");
    const ops = uniqueName("Ops");
    const failing = uniqueName("Failing CRM");
    const opsSecret = `ops-secret-${Date.now()}-long-enough`;
    const { key, connectorId: failingId } = await wireUp(page, { program, connector: failing, url: receiver.url("/down"), events: ["Points earned"] });
    await createActiveConnector(page, ops, receiver.url("/ok"), opsSecret);

    const connector = new ConnectorPage(page);
    await connector.goto(failingId);
    const card = connector.alerts;
    await expect(card.getByLabel("Alert after consecutive failures")).toHaveValue("5");
    await expect(card.getByLabel(SUCCESS_RATE)).toHaveValue("");
    await card.getByLabel("Alert after consecutive failures").fill("2");
    await card.getByLabel("Alert destination").selectOption({ label: ops });
    await card.getByRole("button", { name: "Update alerts" }).click();
    await expect(page.getByText("Alerts saved.")).toBeVisible();
    await page.reload();
    await expect(card.getByLabel("Alert after consecutive failures")).toHaveValue("2");
    await expect(card.getByLabel("Alert destination").locator("option:checked")).toHaveText(ops);

    // A bad value is refused under its field.
    await card.getByLabel(SUCCESS_RATE).fill("150");
    await card.getByRole("button", { name: "Update alerts" }).click();
    await expect(card.getByText("Use 1 to 100 %, or leave it blank.")).toBeVisible();
    await card.getByLabel(SUCCESS_RATE).fill("");
    await card.getByRole("button", { name: "Update alerts" }).click();
    await expect(card.getByText("Use 1 to 100 %, or leave it blank.")).toHaveCount(0);

    await clearBell(page);

    const member = `alerts-${Date.now()}`;
    await ingest(
      page.request,
      key,
      [1, 2, 3].map((points) => ({
        type: "points.earned",
        member: { id: member, email: `${member}@example.com` },
        data: { points, balance: 100 + points, action: { name: `Purchase ${points}` } },
      })),
    );
    // Each of the three deliveries fails its first attempt at /down.
    await expect.poll(() => receiver.received.filter((r) => r.path === "/down" && r.body.includes(member)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    // The evaluator runs at the worker's alerts pass; the bell polls every 15 s (a reload fetches at once).
    const { bell } = new Shell(page);
    await connector.goto(failingId);
    await expect(async () => {
      await page.reload();
      // At least this alert; a connector another spec left failing may raise its own meanwhile.
      await expect(bell).toHaveAccessibleName(/^Notifications, \d+ unread$/, { timeout: 2_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000, 3_000] });

    // The banner, once the event reached Ops.
    const banner = connector.alertBanner;
    await expect(async () => {
      await page.reload();
      await expect(banner).toContainText("Failing:", { timeout: 2_000 });
      await expect(banner).toContainText(`${failing} is failing`, { timeout: 2_000 });
      await expect(banner).toContainText(`Sent to ${ops}: HTTP 200`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000, 3_000] });
    await expect(banner).toHaveAttribute("role", "status");
    if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/connector-alert.png" });

    // The overview names it for every role, with what is wrong and a link; the Connectors list flags it.
    for (const role of ["admin", "marketer"] as const) {
      await as(browser, role, async (other) => {
        const home = new HomePage(other);
        await home.goto();
        const line = home.connectorAttention(failing);
        await expect(line).toContainText(/Failing since .+, \d+ consecutive failures?\./);
        await expect(line.getByRole("link", { name: failing })).toHaveAttribute("href", `/integrations/connectors/${failingId}`);
        await expect(other.getByText(/\d+ active, \d+ off\. \d+ needs? attention\./)).toBeVisible();
      });
    }
    const list = new ConnectorsPage(page);
    await list.goto();
    await expect(list.row(failing).getByText("Active", { exact: true })).toBeVisible();
    await expect(list.row(failing).getByText("Failing", { exact: true })).toBeVisible();
    await expect(list.row(ops).getByText("Failing", { exact: true })).toHaveCount(0);

    // Exactly one signed operational event at the destination.
    await expect.poll(() => receiver.received.filter((r) => r.path === "/ok").length, { timeout: 20_000 }).toBe(1);
    const [sent] = receiver.received.filter((r) => r.path === "/ok");
    const body = JSON.parse(sent!.body) as { id: string; type: string; test: boolean; connector: { id: string; name: string }; data: { reason: string } }[];
    expect(body).toHaveLength(1);
    expect(body[0]!.type).toBe("connector.failing");
    expect(body[0]!.test).toBe(false);
    expect(body[0]!.connector).toEqual({ id: failingId, name: failing });
    expect(body[0]!.data.reason).toBe("consecutive_failures");
    // Signed like any delivery, with the destination's own secret.
    expect(sent!.headers["x-qualifio-signature"]).toBe(`sha256=${createHmac("sha256", opsSecret).update(sent!.body).digest("hex")}`);
    expect(sent!.headers["x-qualifio-event"]).toBe("connector.failing");
    expect(sent!.headers["x-qualifio-delivery"]).toBe(body[0]!.id);

    // Opening the bell lists the alert and clears the count.
    await bell.click();
    const popover = page.getByRole("dialog", { name: "Notifications" });
    const item = popover.getByRole("listitem").filter({ hasText: `${failing} is failing` });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(`Sent to ${ops}: HTTP 200`);
    await expect(item.getByRole("link", { name: failing })).toHaveAttribute("href", `/integrations/connectors/${failingId}`);
    await expect(bell).toHaveAccessibleName("Notifications");
    await page.keyboard.press("Escape");
    await page.reload();
    await expect(bell).toHaveAccessibleName("Notifications");

    // Still one event at Ops: once per episode, however many more failures.
    expect(receiver.received.filter((r) => r.path === "/ok")).toHaveLength(1);
  });
});

test.describe("Alerts (marketer)", () => {
  test("a marketer sees the Alerts card read-only", async ({ browser }) => {
    const name = uniqueName("Alerts read-only");
    const id = await as(browser, "admin", (page) => new ConnectorsPage(page).create(name));

    await as(browser, "marketer", async (page) => {
      const connector = new ConnectorPage(page);
      await connector.goto(id);
      await expect(connector.heading(name)).toBeVisible();
      const card = connector.alerts;
      await expect(card.getByLabel("Alert after consecutive failures")).toBeDisabled();
      await expect(card.getByLabel(SUCCESS_RATE)).toBeDisabled();
      await expect(card.getByLabel("Alert destination")).toBeDisabled();
      await expect(card.getByRole("button", { name: "Update alerts" })).toBeDisabled();
      await expect(card).toContainText("Read-only: Only admins can do this.");
      // The bell works for every signed-in user.
      await expect(new Shell(page).bell).toBeEnabled();
    });
  });
});
