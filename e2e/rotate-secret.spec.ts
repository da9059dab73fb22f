import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { captureServerAction, createActiveConnector, sendServerActionAs, uniqueName, useReceiver } from "./flows";
import { ConnectorPage } from "./pages/connector-page";

/*
 * Rotate on a connector's Webhook secret: the admin gets a new secret once, the page says until
 * when the previous one is still accepted, and meanwhile every delivery carries both signatures,
 * the new one first (docs/receiving-webhooks.md, "Headers"). Marketers get no Rotate, and the
 * server refuses them the forced request.
 */

const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** How the app writes a time ("5 Dec 2026, 23:45 UTC"), to compare with what it shows. */
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const shown = (ms: number) => `${dateTime.format(new Date(ms))} UTC`;

/** The masked value of a stored secret: its whsec_ prefix, if any, and its last four characters. */
const masked = (secret: string) => `${secret.startsWith("whsec_") ? "whsec_" : ""}••••••••••••${secret.slice(-4)}`;

test.describe("Rotate webhook secret", () => {
  const receiver = useReceiver();

  test("an admin rotates the secret; during the overlap deliveries are signed with the new and the old one", async ({ browser }) => {
    await as(browser, "admin", async (page) => {
      const oldSecret = `rotate-old-${Date.now()}-long-enough`;
      const id = await createActiveConnector(page, uniqueName("Rotating CRM"), receiver.url("/ok"), oldSecret);
      const connector = new ConnectorPage(page);

      await connector.buttons.rotate.click();
      const dialog = connector.rotateDialog;
      const overlap = dialog.getByLabel("Overlap (hours)");
      await expect(overlap).toHaveValue("24");
      // Out of range: the message sits under the field and nothing rotates.
      await overlap.fill("200");
      await dialog.getByRole("button", { name: "Rotate secret" }).click();
      await expect(dialog.getByText("Use at most 168 hours (7 days).")).toBeVisible();
      await expect(overlap).toHaveAttribute("aria-invalid", "true");

      await overlap.fill("2");
      const before = Date.now();
      await dialog.getByRole("button", { name: "Rotate secret" }).click();
      const newSecretField = dialog.getByLabel("New webhook secret");
      await expect(newSecretField).toBeVisible();
      // Shown in full once: a stray click outside does not close it.
      await page.mouse.click(5, 5);
      await expect(dialog).toHaveAttribute("data-state", "open");
      const after = Date.now();
      await expect(page.getByText("Secret rotated.")).toBeVisible();
      const newSecret = await newSecretField.inputValue();
      expect(newSecret.length).toBeGreaterThanOrEqual(16);
      expect(newSecret).not.toBe(oldSecret);
      // Two hours from the rotation, to the minute the page shows.
      const until = [shown(before + 2 * 3_600_000), shown(after + 2 * 3_600_000)];
      const overlapText = await dialog.getByText(/^The previous secret stays valid until /).textContent();
      expect(until.map((t) => `The previous secret stays valid until ${t}.`)).toContain(overlapText);
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();

      // The page now shows the new secret's hint and the overlap; Reveal gives the new secret.
      await page.reload();
      await connector.globalVariablesTab.click();
      await expect(connector.fields.webhookSecret).toHaveValue(masked(newSecret));
      const accepted = page.getByText(/^The previous secret is still accepted until /);
      await expect(accepted).toBeVisible();
      const signs = "Signs each request: X-Qualifio-Signature is the HMAC-SHA256 of the body.";
      expect(until.map((t) => `The previous secret is still accepted until ${t}. ${signs}`)).toContain(await accepted.textContent());
      expect(await page.content()).not.toContain(newSecret);
      await connector.buttons.reveal.click();
      await expect(connector.fields.webhookSecret).toHaveValue(newSecret);

      // A delivery now carries both signatures, the new secret's first; each verifies the raw body.
      const deliveryId = await connector.sendTestEvent(id, "Points earned", PROGRAM);
      await expect.poll(() => receiver.received.filter((r) => r.headers["x-qualifio-delivery"] === deliveryId).length).toBe(1);
      const sent = receiver.received.find((r) => r.headers["x-qualifio-delivery"] === deliveryId)!;
      expect(sent.headers["x-qualifio-signature"]).toBe(`${sign(newSecret, sent.body)},${sign(oldSecret, sent.body)}`);
    });
  });
});

test.describe("Rotate webhook secret (marketer)", () => {
  test("a marketer gets no Rotate, and the forced request is refused and rotates nothing", async ({ browser }) => {
    await as(browser, "admin", async (adminPage) => {
      const secret = `rotate-kept-${Date.now()}-long-enough`;
      const id = await createActiveConnector(adminPage, uniqueName("Kept secret"), "http://127.0.0.1:9/hook", secret);

      await as(browser, "marketer", async (page) => {
        const connector = new ConnectorPage(page);
        await connector.openGlobalVariables(id);
        await expect(connector.fields.webhookSecret).toBeDisabled();
        await expect(connector.buttons.rotate).toHaveCount(0);
      });

      // Record the admin's Rotate without letting it through, then send it with the marketer's session.
      const connector = new ConnectorPage(adminPage);
      await connector.buttons.rotate.click();
      const rotate = () => connector.rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
      const action = await captureServerAction(adminPage, rotate, { block: true });
      expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");

      const check = await adminPage.request.get(`/api/connectors/${id}`);
      expect(await check.json()).toMatchObject({ connector: { secret: { set: true, hint: `…${secret.slice(-4)}`, previousExpiresAt: null } } });
    });
  });
});
