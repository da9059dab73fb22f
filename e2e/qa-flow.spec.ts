import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
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
 * The QA flow from issue 5, end to end through the real app: a connector pointing at a local
 * receiver, a push rule for Points earned, an event through the ingest API, its log entry with the
 * request that was sent and the response that came back, and Resend adding a second attempt.
 */
test.describe.serial("from ingest to the event log", () => {
  const program = uniqueName("QA Club");
  const connector = uniqueName("QA Receiver");
  const secret = `qa-secret-${Date.now()}-long-enough`;
  const memberEmail = `qa-${Date.now()}@e2e.example`;
  const receiver = useReceiver();
  let deliveryUrl = "";

  test("an admin wires it up and an ingested event arrives signed", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await createProgram(page, program);
    const key = await createApiKey(page, program, "QA backend");
    await createActiveConnector(page, connector, receiver.url("/ok"), secret);
    await openPushRules(page, program);
    await addRules(page, ["Points earned"], connector);
    await saveRules(page, "Push rules saved: 1 added.");

    const response = await page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: {
        type: "points.earned",
        member: { id: "qa-member-1", email: memberEmail },
        data: { points: 75, balance: 975, action: { name: "QA purchase" } },
      },
    });
    expect(response.status()).toBe(202);
    const { id: eventId } = (await response.json()) as { id: string };

    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [got] = receiver.received;
    const expected = `sha256=${createHmac("sha256", secret).update(got!.body).digest("hex")}`;
    expect(got!.headers["x-qualifio-signature"]).toBe(expected);
    expect(JSON.parse(got!.body)).toMatchObject([{ id: eventId, type: "points.earned", member: { email: memberEmail } }]);

    // The log shows it; its page shows the request that was sent and the response that came back.
    await page.goto("/testing/event-logs");
    await page.getByLabel("Search").fill(memberEmail);
    // Search at once and wait for it: a pending debounced search would replace the URL (and cancel
    // the navigation) after the click below.
    await page.getByLabel("Search").press("Enter");
    await expect(page).toHaveURL(/q=/);
    const link = page.getByRole("link", { name: "Points earned" }).first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Points earned → ${connector}`);
    deliveryUrl = page.url();
    const request = page.getByRole("region", { name: "Request" });
    await expect(request.getByLabel("Request body", { exact: true })).toContainText(memberEmail);
    await expect(request.getByLabel("Request headers")).toContainText("[redacted]");
    await expect(request.getByLabel("Request headers")).not.toContainText(expected.slice(7));
    const responsePanel = page.getByRole("region", { name: "Response" });
    await expect(responsePanel).toContainText("HTTP 200");
    await expect(responsePanel.getByLabel("Response body", { exact: true })).toContainText('"ok": true');

    // Resend adds a second attempt with the same delivery id.
    await page.getByRole("button", { name: "Resend", exact: true }).click();
    await expect(page.getByText("Resent: the receiver accepted it.")).toBeVisible();
    const attempts = page.getByRole("list", { name: "Attempts" });
    await expect(attempts.getByRole("link")).toHaveCount(2);
    await expect(attempts).toContainText("resent");
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["x-qualifio-delivery"]).toBe(got!.headers["x-qualifio-delivery"]);
    expect(receiver.received[1]!.body).toBe(got!.body);
    await admin.close();
  });

  test("a marketer can browse and filter, but not resend", async ({ browser }) => {
    const marketer = await browser.newContext({ storageState: storage.marketer });
    const page = await marketer.newPage();
    await page.goto("/testing/event-logs");
    await page.getByLabel("Search").fill(memberEmail);
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByRole("link", { name: "Points earned" }).first()).toBeVisible();
    await page.goto(deliveryUrl);
    const resend = page.getByRole("button", { name: "Resend", exact: true });
    await expect(resend).toBeDisabled();
    await resend.locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");
    await marketer.close();

    // The server refuses the forced request: record the admin's Resend, replay it as the marketer.
    const admin = await browser.newContext({ storageState: storage.admin });
    const adminPage = await admin.newPage();
    await adminPage.goto(deliveryUrl);
    const action = await captureServerAction(adminPage, () => adminPage.getByRole("button", { name: "Resend", exact: true }).click(), { block: true });
    await admin.close();
    expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");
    expect(receiver.received).toHaveLength(2);
  });
});
