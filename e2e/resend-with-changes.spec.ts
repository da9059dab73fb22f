import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import {
  addRules,
  captureServerAction,
  createActiveConnector,
  createApiKey,
  createProgram,
  openPushRules,
  saveRules,
  sendServerActionAs,
  uniqueName,
  useReceiver,
} from "./flows";

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
  const program = uniqueName("Resend Club");
  const connector = uniqueName("Resend CRM");
  const secret = `resend-secret-${Date.now()}-long-enough`;
  const memberEmail = `resend-${Date.now()}@e2e.example`;
  const receiver = useReceiver();
  let deliveryId = "";
  let deliveryUrl = "";

  /** The delivery page's edited resends, one list item each. */
  const editedResends = (page: Page) => page.getByRole("region", { name: "Edited resends" }).getByRole("listitem");

  test("an admin resends an edited body to another URL; the original delivery is untouched", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await createProgram(page, program);
    const key = await createApiKey(page, program, "Resend backend");
    await createActiveConnector(page, connector, receiver.url("/ok"), secret);
    await openPushRules(page, program);
    await addRules(page, ["Points earned"], connector);
    await saveRules(page, "Push rules saved: 1 added.");

    const response = await page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: {
        type: "points.earned",
        member: { id: "resend-member-1", email: memberEmail },
        data: { points: 75, balance: 975, action: { name: "Resend purchase" } },
      },
    });
    expect(response.status()).toBe(202);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [original] = receiver.received;
    expect(original!.path).toBe("/ok");

    // Its page, from Event logs.
    await page.goto("/testing/event-logs");
    await page.getByLabel("Search").fill(memberEmail);
    await page.getByLabel("Search").press("Enter");
    await expect(page).toHaveURL(/q=/);
    const link = page.getByRole("link", { name: "Points earned" }).first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Points earned → ${connector}`);
    deliveryId = /\/testing\/event-logs\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? "";
    expect(deliveryId).toBeTruthy();
    deliveryUrl = page.url();
    expect(original!.headers["x-qualifio-delivery"]).toBe(deliveryId);
    await expect(page.getByRole("list", { name: "Attempts" }).getByRole("link")).toHaveCount(1);
    // No edited resend yet.
    await expect(page.getByRole("region", { name: "Edited resends" })).toHaveCount(0);

    await page.getByRole("button", { name: "Resend with changes" }).click();
    const dialog = page.getByRole("dialog", { name: "Resend with changes" });
    // It starts from the original request: the connector's URL and its body, pretty-printed.
    await expect(dialog.getByLabel("URL")).toHaveValue(receiver.url("/ok"));
    const body = dialog.getByLabel("Body");
    const originalText = await body.inputValue();
    expect(originalText).toContain('"points": 75');
    expect(JSON.parse(originalText)).toEqual(JSON.parse(original!.body));

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
    const item = editedResends(page);
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
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Succeeded");
    const attempts = page.getByRole("list", { name: "Attempts" });
    await expect(attempts.getByRole("link")).toHaveCount(1);
    await expect(attempts).toContainText("HTTP 200");
    await expect(attempts).not.toContainText("resent");
    await expect(page.getByRole("region", { name: "Response" })).toContainText("HTTP 200");
    await expect(editedResends(page)).toHaveCount(1);
    // After the reload: no toast over it.
    if (process.env.SCREENSHOTS) {
      await page.getByRole("region", { name: "Edited resends" }).screenshot({ path: "docs/screenshots/resend-with-changes.png" });
    }
    expect(receiver.received.filter((r) => r.path === "/ok")).toHaveLength(1);
    await admin.close();
  });

  test("a body that is not JSON, or a URL that is not http(s), is refused next to its field and nothing is sent", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await page.goto(deliveryUrl);
    await page.getByRole("button", { name: "Resend with changes" }).click();
    const dialog = page.getByRole("dialog", { name: "Resend with changes" });
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
    await expect(editedResends(page)).toHaveCount(1);
    await admin.close();
  });

  test("a marketer gets no Resend with changes, and the server refuses the forced request", async ({ browser }) => {
    const marketer = await browser.newContext({ storageState: storage.marketer });
    const page = await marketer.newPage();
    await page.goto(deliveryUrl);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Points earned → ${connector}`);
    await expect(page.getByRole("button", { name: "Resend", exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Resend with changes" })).toHaveCount(0);
    // The edited resend is in the log for everyone who reads it.
    await expect(editedResends(page)).toHaveCount(1);
    await marketer.close();

    // Record the admin's Send (blocked before it reaches the server), replay it as the marketer.
    const admin = await browser.newContext({ storageState: storage.admin });
    const adminPage = await admin.newPage();
    await adminPage.goto(deliveryUrl);
    await adminPage.getByRole("button", { name: "Resend with changes" }).click();
    const dialog = adminPage.getByRole("dialog", { name: "Resend with changes" });
    await dialog.getByLabel("URL").fill(receiver.url("/forced"));
    const action = await captureServerAction(adminPage, () => dialog.getByRole("button", { name: "Send", exact: true }).click(), { block: true });
    await admin.close();
    expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");
    expect(receiver.received).toHaveLength(2);
  });
});
