import { expect, test } from "@playwright/test";
import { storage } from "./fixtures";
import { ingest, uniqueName, useReceiver, wireUp } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { EventLogsPage } from "./pages/event-logs-page";

/*
 * "Deliver each member's events in order": an admin turns it on for a connector whose receiver is
 * down; of one member's two events only the first is sent (and retried), and the event log shows
 * the second as waiting for it, with a link to it.
 */
test.describe("Deliver each member's events in order", () => {
  test.use({ storageState: storage.admin });
  const receiver = useReceiver();

  test("a member's later event waits for the earlier one, and the event log says so", async ({ page }) => {
    // Wires a program, an API key, a connector and a push rule through the UI first: past 30 s on a busy machine.
    test.slow();
    // /down answers 500: the member's first event keeps failing.
    const { key, connectorId } = await wireUp(page, {
      program: uniqueName("Ordered Club"),
      connector: uniqueName("Ordered CRM"),
      url: receiver.url("/down"),
      events: ["Points earned"],
    });

    const connector = new ConnectorPage(page);
    await connector.openGlobalVariables(connectorId);
    await expect(connector.fields.deliverInOrder).not.toBeChecked();
    await connector.fields.deliverInOrder.click();
    await connector.saveGlobalVariables();
    await connector.openGlobalVariables(connectorId);
    await expect(connector.fields.deliverInOrder).toBeChecked();

    const member = `ordered-${Date.now()}`;
    await ingest(
      page.request,
      key,
      [1, 2].map((points) => ({
        type: "points.earned",
        member: { id: member, email: `${member}@example.com` },
        data: { points, balance: 100 + points, action: { name: `Purchase ${points}` } },
      })),
    );
    await expect.poll(() => receiver.received.filter((r) => r.body.includes(member)).length, { timeout: 10_000 }).toBeGreaterThan(0);

    await new EventLogsPage(page).goto(`connector=${connectorId}`);
    const waiting = page.getByRole("link", { name: "Waiting for an earlier event" });
    await expect(waiting).toHaveCount(1);
    // Only the first event went out, however often it was retried.
    const sent = receiver.received.filter((r) => r.body.includes(member));
    expect(new Set(sent.map((r) => (JSON.parse(r.body) as { data: { points: number } }[])[0]!.data.points))).toEqual(new Set([1]));

    await waiting.click();
    await expect(page).toHaveURL(/\/testing\/event-logs\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Purchase 1").first()).toBeVisible();
  });
});
