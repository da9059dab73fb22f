import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { as, storage } from "./fixtures";
import { captureServerAction, deliverPointsEarned, pointsEarnedSetUp, sendServerActionAs, useReceiver } from "./flows";
import { DeliveryPage } from "./pages/delivery-page";

/*
 * "Resend with changes" on a delivery's page: an admin edits the body and the URL, the receiver
 * gets the edited request signed anew and marked as a resend of the delivery, the page lists it as
 * an edited resend with its diff, and the delivery's own attempts stay as they were. Marketers get
 * no button, and the server refuses them the forced request.
 *
 * The e2e server runs with APP_ENV=test, where private targets are allowed (the loopback receiver
 * depends on it), so the SSRF refusal of a resend is covered by lib/delivery/logs/resend.test.ts, not here.
 */
test.describe.serial("Resend with changes", () => {
  const receiver = useReceiver();
  const setUp = pointsEarnedSetUp("Resend");
  const { connector, secret, memberEmail } = setUp;
  let deliveryId = "";

  test("an admin resends an edited body to another URL; the original delivery is untouched", async ({ browser }) => {
    // Wires a program, an API key, a connector and a push rule through the UI first: past 30 s on a busy machine.
    test.slow();
    await as(browser, "admin", async (page) => {
      const { received: original } = await deliverPointsEarned(page, receiver, setUp);
      expect(original.path).toBe("/ok");
      const delivery = new DeliveryPage(page);
      await expect(delivery.heading).toContainText(`Points earned → ${connector}`);
      deliveryId = delivery.id();
      expect(deliveryId).toBeTruthy();
      expect(original.headers["x-qualifio-delivery"]).toBe(deliveryId);
      await expect(delivery.attempts.getByRole("link")).toHaveCount(1);
      // No edited resend yet.
      await expect(delivery.editedResendsRegion).toHaveCount(0);

      await delivery.buttons.resendWithChanges.click();
      const dialog = delivery.resendDialog;
      // It starts from the original request: the connector's URL and its body, pretty-printed.
      await expect(dialog.getByLabel("URL")).toHaveValue(receiver.url("/ok"));
      const body = dialog.getByLabel("Body");
      const originalText = await body.inputValue();
      expect(originalText).toContain('"points": 75');
      expect(JSON.parse(originalText)).toEqual(JSON.parse(original.body));

      await body.fill(originalText.replace('"points": 75', '"points": 4321'));
      await dialog.getByLabel("URL").fill(receiver.url("/other"));
      await dialog.getByRole("button", { name: "Send", exact: true }).click();
      // /other answers 500: the resend is recorded as not accepted.
      await expect(page.getByText("Resent with changes: the receiver did not accept it (HTTP 500). See Edited resends.")).toBeVisible();
      await expect(dialog).toBeHidden();

      // The receiver got the edited body at the other path, signed anew and marked as a resend of the delivery.
      expect(receiver.received).toHaveLength(2);
      const resent = receiver.received[1]!;
      expect(resent.path).toBe("/other");
      const sentBody = JSON.parse(resent.body) as { data: { points: number; balance: number } }[];
      expect(sentBody).toMatchObject([{ type: "points.earned", member: { email: memberEmail }, data: { points: 4321, balance: 975 } }]);
      expect(resent.headers["x-qualifio-signature"]).toBe(`sha256=${createHmac("sha256", secret).update(resent.body).digest("hex")}`);
      expect(resent.headers["x-qualifio-resend-of"]).toBe(deliveryId);
      // Its own delivery id: the receiver must not take it for the original.
      expect(resent.headers["x-qualifio-delivery"]).toBeTruthy();
      expect(resent.headers["x-qualifio-delivery"]).not.toBe(deliveryId);

      // The page lists it as an edited resend, with what changed.
      const item = delivery.editedResends;
      await expect(item).toHaveCount(1);
      await expect(item.getByText("Edited", { exact: true })).toBeVisible();
      await expect(item.getByText("HTTP 500", { exact: true })).toBeVisible();
      await expect(item).toContainText(`URL changed: ${receiver.url("/ok")} → ${receiver.url("/other")}`);
      const bodyDiff = item.getByRole("group", { name: "Body diff" });
      await expect(bodyDiff.locator('[data-kind="added"]').filter({ hasText: '"points": 4321' })).toHaveCount(1);
      await expect(bodyDiff.locator('[data-kind="removed"]').filter({ hasText: '"points": 75' })).toHaveCount(1);
      await expect(bodyDiff.locator('[data-kind="added"]')).toHaveCount(1);
      await expect(bodyDiff.locator('[data-kind="removed"]')).toHaveCount(1);

      // The delivery itself is as it was: one attempt, succeeded, HTTP 200 (after a reload too).
      await page.reload();
      await expect(delivery.heading).toContainText("Succeeded");
      await expect(delivery.attempts.getByRole("link")).toHaveCount(1);
      await expect(delivery.attempts).toContainText("HTTP 200");
      await expect(delivery.attempts).not.toContainText("resent");
      await expect(delivery.response).toContainText("HTTP 200");
      await expect(delivery.editedResends).toHaveCount(1);
      // After the reload: no toast over it.
      if (process.env.SCREENSHOTS) await delivery.editedResendsRegion.screenshot({ path: "docs/screenshots/resend-with-changes.png" });
      expect(receiver.received.filter((r) => r.path === "/ok")).toHaveLength(1);
    });
  });

  test("a body that is not JSON, or a URL that is not http(s), is refused next to its field and nothing is sent", async ({ browser }) => {
    await as(browser, "admin", async (page) => {
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      await delivery.buttons.resendWithChanges.click();
      const dialog = delivery.resendDialog;
      const body = dialog.getByLabel("Body");
      const originalText = await body.inputValue();

      await body.fill(originalText.replace('"points": 75', '"points": 75,,'));
      await dialog.getByRole("button", { name: "Send", exact: true }).click();
      await expect(dialog.getByText("Not valid JSON. Check quotes and commas.")).toBeVisible();
      await expect(body).toHaveAttribute("aria-invalid", "true");
      await expect(dialog).toBeVisible();

      // The URL is checked by the server.
      await dialog.getByRole("button", { name: "Reset to original" }).click();
      await expect(body).toHaveValue(originalText);
      await expect(body).toHaveAttribute("aria-invalid", "false");
      await dialog.getByLabel("URL").fill("ftp://127.0.0.1/hooks");
      await dialog.getByRole("button", { name: "Send", exact: true }).click();
      await expect(dialog.getByText("Use an http:// or https:// URL.")).toBeVisible();
      await expect(dialog.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");

      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
      expect(receiver.received).toHaveLength(2);
      await page.reload();
      await expect(delivery.editedResends).toHaveCount(1);
    });
  });

  test("a marketer gets no Resend with changes, and the server refuses the forced request", async ({ browser }) => {
    await as(browser, "marketer", async (page) => {
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      await expect(delivery.heading).toContainText(`Points earned → ${connector}`);
      await expect(delivery.buttons.resend).toBeDisabled();
      await expect(delivery.buttons.resendWithChanges).toHaveCount(0);
      // The edited resend is in the log for everyone who reads it.
      await expect(delivery.editedResends).toHaveCount(1);
    });

    // Record the admin's Send (blocked before it reaches the server), replay it as the marketer.
    const action = await as(browser, "admin", async (page) => {
      const delivery = new DeliveryPage(page);
      await delivery.goto(deliveryId);
      await delivery.buttons.resendWithChanges.click();
      await delivery.resendDialog.getByLabel("URL").fill(receiver.url("/forced"));
      return captureServerAction(page, () => delivery.resendDialog.getByRole("button", { name: "Send", exact: true }).click(), { block: true });
    });
    expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");
    expect(receiver.received).toHaveLength(2);
  });
});
