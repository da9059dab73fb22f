import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, sendTestEvent, uniqueName, useReceiver } from "./flows";

const PROGRAM = "Coffee Club Rewards";

const row = (page: Page, deliveryId: string) => page.getByTestId(`delivery-row-${deliveryId}`);

test.describe("Testing → Event logs", () => {
  const receiver = useReceiver();
  const memberEmail = `${randomBytes(4).toString("hex")}.member@e2e.example`;
  const okName = uniqueName("Log OK");
  const downName = uniqueName("Log Down");
  let okId: string;
  let downId: string;
  let okDelivery: string;
  let downDelivery: string;

  test.beforeAll(async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    okId = await createActiveConnector(page, okName, receiver.url("/ok"));
    downId = await createActiveConnector(page, downName, receiver.url("/down"));
    okDelivery = await sendTestEvent(page, okId, "Points earned", PROGRAM, memberEmail);
    downDelivery = await sendTestEvent(page, downId, "Reward offered", PROGRAM);
    await admin.close();
  });

  test("an admin sees deliveries arrive, filters them in the URL, searches and pauses", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Event logs" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Event logs" })).toBeVisible();

    // Delivered while the page is open: the live refresh turns the row to Succeeded with no reload.
    const ok = row(page, okDelivery);
    await expect(ok).toContainText("Succeeded", { timeout: 20_000 });
    await expect(ok).toContainText("Points earned");
    await expect(ok).toContainText("Test");
    await expect(ok).toContainText(okName);
    await expect(ok).toContainText(PROGRAM);
    await expect(ok).toContainText(memberEmail);
    await expect(ok.getByRole("cell").nth(6)).toHaveText("200");
    await expect(ok.getByRole("link", { name: "Points earned" })).toHaveAttribute("href", `/testing/event-logs/${okDelivery}`);
    await expect(ok.locator("time")).toHaveAttribute("title", /UTC$/);
    const down = row(page, downDelivery);
    // Retrying, or already Failed: the e2e server retries twice (DELIVERY_RETRY_SCHEDULE in playwright.config.ts).
    await expect(down).toContainText(/Retrying\s*next try|Failed/, { timeout: 20_000 });
    await expect(down.getByRole("cell").nth(6)).toHaveText("500");
    await expect(page.getByTestId("connector-rates")).toContainText(okName);

    // Connector filter: in the URL, kept by a reload.
    await page.getByLabel("Connector").selectOption({ label: okName });
    await expect(page).toHaveURL(new RegExp(`connector=${okId}`));
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Connector").locator("option:checked")).toHaveText(okName);
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);

    // A status that matches nothing here: the empty state offers to clear the filters.
    await page.getByLabel("Status").click();
    await page.getByRole("menuitemcheckbox", { name: "Failed" }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/status=failed/);
    await expect(page.getByText("No deliveries match these filters")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/testing\/event-logs$/);
    await expect(ok).toBeVisible();
    await expect(down).toBeVisible();

    // Event filter (several types can be ticked).
    await page.getByLabel("Event").click();
    await page.getByRole("menuitemcheckbox", { name: "Reward offered" }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/event=reward\.offered/);
    await expect(down).toBeVisible();
    await expect(ok).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Event")).toHaveText("Reward offered");
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect(page).toHaveURL(/\/testing\/event-logs$/);

    // Search: a delivery id finds that delivery alone; a member email finds the member's.
    await page.getByLabel("Search").fill(okDelivery);
    await expect(page).toHaveURL(new RegExp(`q=${okDelivery}`));
    await expect(page.getByRole("table", { name: "Deliveries" }).getByRole("row")).toHaveCount(2);
    await expect(ok).toBeVisible();
    await page.getByLabel("Search").fill(memberEmail.toUpperCase());
    await page.getByLabel("Search").press("Enter");
    await expect(page).toHaveURL(/q=/);
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect(page.getByLabel("Search")).toHaveValue("");

    // Paused, the page asks the server for nothing: a live page beside it shows a new delivery
    // through its own refresh, and by then the paused page has sent no request and shows no row.
    await page.getByRole("button", { name: "Pause live updates" }).click();
    await expect(page.getByText("Live updates paused")).toBeVisible();
    const pausedRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/event-logs")) pausedRequests.push(request.url());
    });
    const live = await admin.newPage();
    await live.goto("/testing/event-logs");
    await expect(live.getByText("Live: refreshes every 3 s")).toBeVisible();
    const later = await sendTestEvent(await admin.newPage(), okId, "Level changed", PROGRAM);
    await expect(row(live, later)).toBeVisible();
    expect(pausedRequests).toEqual([]);
    await expect(row(page, later)).toHaveCount(0);
    await page.getByRole("button", { name: "Resume live updates" }).click();
    await expect(row(page, later)).toBeVisible();
    await admin.close();
  });

  test("the filtered view exports as CSV", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    await page.goto(`/testing/event-logs?connector=${okId}`);
    const exportLink = page.getByRole("link", { name: "Export CSV" });
    await expect(exportLink).toHaveAttribute("href", `/api/event-logs/export?connector=${okId}`);
    const response = await admin.request.get(`/api/event-logs/export?connector=${okId}`);
    expect(response.headers()["content-type"]).toContain("text/csv");
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="event-logs-.*\.csv"$/);
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toMatch(/^time,delivery_id,event_id,/);
    expect(csv).toContain(okDelivery);
    expect(csv).not.toContain(downDelivery);
    await admin.close();
  });

  test("a marketer browses and filters; the API wants a session", async ({ browser }) => {
    const marketer = await browser.newContext({ storageState: storage.marketer });
    const page = await marketer.newPage();
    await page.goto("/testing/event-logs");
    await expect(row(page, okDelivery)).toBeVisible();
    await page.getByLabel("Connector").selectOption({ label: downName });
    await expect(page).toHaveURL(new RegExp(`connector=${downId}`));
    await expect(row(page, downDelivery)).toBeVisible();
    await expect(row(page, okDelivery)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
    const api = await marketer.request.get(`/api/event-logs?connector=${downId}`);
    expect(api.ok()).toBeTruthy();
    expect((await api.json()).rows.map((r: { id: string }) => r.id)).toEqual([downDelivery]);
    await marketer.close();

    const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
    for (const path of ["/api/event-logs", "/api/event-logs/stats", "/api/event-logs/export"]) {
      expect((await anonymous.get(path)).status()).toBe(401);
    }
    await anonymous.dispose();
  });
});
