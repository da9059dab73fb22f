import { expect, test } from "@playwright/test";
import { storage } from "./fixtures";
import { addRules, createActiveConnector, createApiKey, createProgram, openPushRules, saveRules, uniqueName, useReceiver } from "./flows";

/*
 * "Deliver each member's events in order": an admin turns it on for a connector whose receiver is
 * down; of one member's two events only the first is sent (and retried), and the event log shows
 * the second as waiting for it, with a link to it.
 */
test.describe("Deliver each member's events in order", () => {
  test.use({ storageState: storage.admin });
  const receiver = useReceiver();

  test("a member's later event waits for the earlier one, and the event log says so", async ({ page }) => {
    const program = uniqueName("Ordered Club");
    const connector = uniqueName("Ordered CRM");
    await createProgram(page, program);
    const key = await createApiKey(page, program, "Ordered backend");
    // /down answers 500: the member's first event keeps failing.
    const connectorId = await createActiveConnector(page, connector, receiver.url("/down"));

    // A fresh page: the set-up's "Global variables saved." toast must not answer for this save.
    await page.reload();
    await page.getByRole("tab", { name: "Global variables" }).click();
    const option = page.getByLabel("Deliver each member's events in order");
    await expect(option).not.toBeChecked();
    await option.click();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Global variables saved.")).toBeVisible();
    await page.reload();
    await page.getByRole("tab", { name: "Global variables" }).click();
    await expect(page.getByLabel("Deliver each member's events in order")).toBeChecked();

    await openPushRules(page, program);
    await addRules(page, ["Points earned"], connector);
    await saveRules(page, "Push rules saved: 1 added.");

    const member = `ordered-${Date.now()}`;
    const response = await page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: [1, 2].map((points) => ({
        type: "points.earned",
        member: { id: member, email: `${member}@example.com` },
        data: { points, balance: 100 + points, action: { name: `Purchase ${points}` } },
      })),
    });
    expect(response.status()).toBe(202);
    await expect.poll(() => receiver.received.filter((r) => r.body.includes(member)).length, { timeout: 10_000 }).toBeGreaterThan(0);

    await page.goto(`/testing/event-logs?connector=${connectorId}`);
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
