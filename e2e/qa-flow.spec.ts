import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { as, storage } from "./fixtures";
import { captureServerAction, deliverPointsEarned, pointsEarnedSetUp, sendServerActionAs, useReceiver } from "./flows";
import { DeliveryPage } from "./pages/delivery-page";
import { EventLogsPage } from "./pages/event-logs-page";

/*
 * The QA flow from issue 5, end to end through the real app: a connector pointing at a local
 * receiver, a push rule for Points earned, an event through the ingest API, its log entry with the
 * request that was sent and the response that came back, and Resend adding a second attempt.
 */
test.describe.serial("from ingest to the event log", () => {
  const receiver = useReceiver();
  const setUp = pointsEarnedSetUp("QA");
  let deliveryId = "";

  test("an admin wires it up and an ingested event arrives signed", async ({ browser }) => {
    // Wires a program, an API key, a connector and a push rule through the UI first: past 30 s on a busy machine.
    test.slow();
    await as(browser, "admin", async (page) => {
      const { eventId, received: got } = await deliverPointsEarned(page, receiver, setUp);
      const expected = `sha256=${createHmac("sha256", setUp.secret).update(got.body).digest("hex")}`;
      expect(got.headers["x-qualifio-signature"]).toBe(expected);
      expect(JSON.parse(got.body)).toMatchObject([{ id: eventId, type: "points.earned", member: { email: setUp.memberEmail } }]);

      // Its page in the log shows the request that was sent and the response that came back.
      const delivery = new DeliveryPage(page);
      await expect(delivery.heading).toContainText(`Points earned → ${setUp.connector}`);
      deliveryId = delivery.id();
      await expect(delivery.request.getByLabel("Request body", { exact: true })).toContainText(setUp.memberEmail);
      await expect(delivery.request.getByLabel("Request headers")).toContainText("[redacted]");
      await expect(delivery.request.getByLabel("Request headers")).not.toContainText(expected.slice(7));
      await expect(delivery.response).toContainText("HTTP 200");
      await expect(delivery.response.getByLabel("Response body", { exact: true })).toContainText('"ok": true');

      // Resend adds a second attempt with the same delivery id.
      await delivery.buttons.resend.click();
      await expect(page.getByText("Resent: the receiver accepted it.")).toBeVisible();
      await expect(delivery.attempts.getByRole("link")).toHaveCount(2);
      await expect(delivery.attempts).toContainText("resent");
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1]!.headers["x-qualifio-delivery"]).toBe(got.headers["x-qualifio-delivery"]);
      expect(receiver.received[1]!.body).toBe(got.body);
    });
  });

  test("a marketer can browse and filter, but not resend", async ({ browser }) => {
    await as(browser, "marketer", async (page) => {
      const logs = new EventLogsPage(page);
      await logs.goto();
      await logs.filters.search.fill(setUp.memberEmail);
      await expect(page).toHaveURL(/q=/);
      await expect(page.getByRole("link", { name: "Points earned" }).first()).toBeVisible();
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      await expect(delivery.buttons.resend).toBeDisabled();
      await delivery.buttons.resend.locator("..").hover();
      await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");
    });

    // The server refuses the forced request: record the admin's Resend, replay it as the marketer.
    const action = await as(browser, "admin", async (page) => {
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      return captureServerAction(page, () => delivery.buttons.resend.click(), { block: true });
    });
    expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");
    expect(receiver.received).toHaveLength(2);
  });
});
