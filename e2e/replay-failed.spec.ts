import { expect, test } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { captureServerAction, createActiveConnector, sendServerActionAs, uniqueName, useReceiver } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { EventLogsPage } from "./pages/event-logs-page";

/*
 * "Replay failed deliveries" on a connector's page: deliveries that failed (the receiver answered
 * 500 until the e2e server's short retry schedule ran out) are sent again once each when the
 * receiver is back, and the event log shows them succeeded. Marketers get a disabled card, and
 * the server refuses them the forced request.
 */

/** `<input type="datetime-local">` value in UTC, the browser's zone here. */
const localInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test.describe.serial("Replay failed deliveries", () => {
  test.use({ storageState: storage.admin, timezoneId: "UTC" });
  const receiver = useReceiver();
  const path = "/replay";
  let connectorId = "";
  let failed: string[] = [];
  const attemptsOf = (deliveryId: string) => receiver.received.filter((r) => r.headers["x-qualifio-delivery"] === deliveryId);

  test("an admin replays what failed since a time; the receiver gets each once and the log shows them succeeded", async ({ page }) => {
    test.setTimeout(120_000);
    const start = Date.now();
    connectorId = await createActiveConnector(page, uniqueName("Replay CRM"), receiver.url(path));
    const connector = new ConnectorPage(page);
    failed = [
      await connector.sendTestEvent(connectorId, "Points earned", PROGRAM),
      await connector.sendTestEvent(connectorId, "Reward offered", PROGRAM),
    ];

    // Every attempt gets a 500 until the retry schedule runs out: the log says Failed.
    const logs = new EventLogsPage(page);
    await logs.goto(`connector=${connectorId}`);
    for (const id of failed) await expect(logs.row(id)).toContainText("Failed", { timeout: 60_000 });
    const attemptsBefore = failed.map((id) => attemptsOf(id).length);
    expect(attemptsBefore.every((n) => n >= 2)).toBe(true);

    await connector.goto(connectorId);
    // A time to come is refused under the field, with nothing to replay.
    await connector.fields.failedSince.fill(localInput(Date.now() + 60 * 60_000));
    await expect(page.getByText("Choose a time in the past.")).toBeVisible();
    await expect(connector.fields.failedSince).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("button", { name: "Replay failed deliveries" })).toBeDisabled();
    await connector.fields.failedSince.fill(localInput(start - 60_000));
    const replay = page.getByRole("button", { name: "Replay 2 failed deliveries" });
    await expect(replay).toBeEnabled();

    receiver.answer(path, 204);
    await replay.click();
    await expect(page.getByText("Replayed 2 deliveries: 2 succeeded.")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "2 of 2 replayed · 2 succeeded." })).toBeVisible();
    // Once each, with the same delivery id.
    expect(failed.map((id) => attemptsOf(id).length)).toEqual(attemptsBefore.map((n) => n + 1));
    // Nothing failed is left since then.
    await page.reload();
    await expect(page.getByRole("button", { name: "Replay 0 failed deliveries" })).toBeDisabled();

    await logs.goto(`connector=${connectorId}`);
    for (const id of failed) {
      await expect(logs.row(id)).toContainText("Succeeded");
      await expect(logs.row(id).getByRole("cell").nth(6)).toHaveText("204");
    }
    expect(failed.map((id) => attemptsOf(id).length)).toEqual(attemptsBefore.map((n) => n + 1));
  });

  test("a marketer's card is disabled, and the forced replay is refused and sends nothing", async ({ browser }) => {
    test.setTimeout(90_000);
    await as(browser, "marketer", async (page) => {
      const connector = new ConnectorPage(page);
      await connector.goto(connectorId);
      await expect(connector.fields.failedSince).toBeDisabled();
      const replay = page.getByRole("button", { name: "Replay failed deliveries" });
      await expect(replay).toBeDisabled();
      await replay.locator("..").hover();
      await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");
    });

    // A delivery fails again; the admin's replay of it is recorded, not let through, and sent as the marketer.
    receiver.answer(path, 500);
    const admin = await browser.newContext({ storageState: storage.admin, timezoneId: "UTC" });
    const adminPage = await admin.newPage();
    const connector = new ConnectorPage(adminPage);
    const start = Date.now();
    const deliveryId = await connector.sendTestEvent(connectorId, "Level changed", PROGRAM);
    const logs = new EventLogsPage(adminPage);
    await logs.goto(`connector=${connectorId}`);
    await expect(logs.row(deliveryId)).toContainText("Failed", { timeout: 60_000 });
    const attempts = attemptsOf(deliveryId).length;
    receiver.answer(path, 204);
    await connector.goto(connectorId);
    await connector.fields.failedSince.fill(localInput(start - 60_000));
    const adminReplay = adminPage.getByRole("button", { name: "Replay 1 failed delivery" });
    await expect(adminReplay).toBeEnabled();
    const action = await captureServerAction(adminPage, () => adminReplay.click(), { block: true });
    await admin.close();
    expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");
    expect(attemptsOf(deliveryId)).toHaveLength(attempts);
  });
});
