import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { createActiveConnector, uniqueName, useReceiver } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { EventLogsPage } from "./pages/event-logs-page";
import { HomePage } from "./pages/home-page";

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
    await as(browser, "admin", async (page) => {
      const connector = new ConnectorPage(page);
      okId = await createActiveConnector(page, okName, receiver.url("/ok"));
      okDelivery = await connector.sendTestEvent(okId, "Points earned", PROGRAM, memberEmail);
      downId = await createActiveConnector(page, downName, receiver.url("/down"));
      downDelivery = await connector.sendTestEvent(downId, "Reward offered", PROGRAM);
    });
  });

  test("an admin sees deliveries arrive, filters them in the URL, searches and pauses", async ({ browser }) => {
    // Three waits on the 3 s live refresh and a dozen reloads and filters: past 30 s on a busy machine.
    test.slow();
    const admin = await browser.newContext({ storageState: storage.admin });
    const page = await admin.newPage();
    const home = new HomePage(page);
    await home.goto();
    await home.shell.open("Event logs");
    const logs = new EventLogsPage(page);
    await expect(logs.heading).toBeVisible();

    // Delivered while the page is open: the live refresh turns the row to Succeeded with no reload.
    const ok = logs.row(okDelivery);
    await expect(ok).toContainText("Succeeded", { timeout: 20_000 });
    await expect(ok).toContainText("Points earned");
    await expect(ok).toContainText("Test");
    await expect(ok).toContainText(okName);
    await expect(ok).toContainText(PROGRAM);
    await expect(ok).toContainText(memberEmail);
    await expect(ok.getByRole("cell").nth(6)).toHaveText("200");
    await expect(ok.getByRole("link", { name: "Points earned" })).toHaveAttribute("href", `/testing/event-logs/${okDelivery}`);
    await expect(ok.locator("time")).toHaveAttribute("title", /UTC$/);
    const down = logs.row(downDelivery);
    // Retrying, or already Failed: the e2e server retries twice (DELIVERY_RETRY_SCHEDULE in playwright.config.ts).
    await expect(down).toContainText(/Retrying\s*next try|Failed/, { timeout: 20_000 });
    await expect(down.getByRole("cell").nth(6)).toHaveText("500");
    await expect(page.getByTestId("connector-rates")).toContainText(okName);

    // Connector filter: in the URL, kept by a reload.
    await logs.filters.connector.selectOption({ label: okName });
    await expect(page).toHaveURL(new RegExp(`connector=${okId}`));
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);
    await page.reload();
    await expect(logs.filters.connector.locator("option:checked")).toHaveText(okName);
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);

    // A status that matches nothing here: the empty state offers to clear the filters.
    await logs.tick(logs.filters.status, "Failed");
    await expect(page).toHaveURL(/status=failed/);
    await expect(page.getByText("No deliveries match these filters")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/testing\/event-logs$/);
    await expect(ok).toBeVisible();
    await expect(down).toBeVisible();

    // Event filter (several types can be ticked).
    await logs.tick(logs.filters.event, "Reward offered");
    await expect(page).toHaveURL(/event=reward\.offered/);
    await expect(down).toBeVisible();
    await expect(ok).toHaveCount(0);
    await page.reload();
    await expect(logs.filters.event).toHaveText("Reward offered");
    await logs.buttons.resetFilters.click();
    await expect(page).toHaveURL(/\/testing\/event-logs$/);

    // Search: a delivery id finds that delivery alone; a member email finds the member's.
    await logs.filters.search.fill(okDelivery);
    await expect(page).toHaveURL(new RegExp(`q=${okDelivery}`));
    await expect(logs.table.getByRole("row")).toHaveCount(2);
    await expect(ok).toBeVisible();
    await logs.searchNow(memberEmail.toUpperCase());
    await expect(ok).toBeVisible();
    await expect(down).toHaveCount(0);
    await logs.buttons.resetFilters.click();
    await expect(logs.filters.search).toHaveValue("");

    // Paused, the page asks the server for nothing: a live page beside it shows a new delivery
    // through its own refresh, and by then the paused page has sent no request and shows no row.
    await page.getByRole("button", { name: "Pause live updates" }).click();
    await expect(page.getByText("Live updates paused")).toBeVisible();
    const pausedRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/event-logs")) pausedRequests.push(request.url());
    });
    const live = new EventLogsPage(await admin.newPage());
    await live.goto();
    await expect(live.page.getByText("Live: refreshes every 3 s")).toBeVisible();
    const later = await new ConnectorPage(await admin.newPage()).sendTestEvent(okId, "Level changed", PROGRAM);
    await expect(live.row(later)).toBeVisible();
    expect(pausedRequests).toEqual([]);
    await expect(logs.row(later)).toHaveCount(0);
    await page.getByRole("button", { name: "Resume live updates" }).click();
    await expect(logs.row(later)).toBeVisible();
    await admin.close();
  });

  test("the filtered view exports as CSV", async ({ browser }) => {
    await as(browser, "admin", async (page) => {
      const logs = new EventLogsPage(page);
      await logs.goto(`connector=${okId}`);
      await expect(logs.exportCsv).toHaveAttribute("href", `/api/event-logs/export?connector=${okId}`);
      const response = await page.request.get(`/api/event-logs/export?connector=${okId}`);
      expect(response.headers()["content-type"]).toContain("text/csv");
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="event-logs-.*\.csv"$/);
      const csv = await response.text();
      expect(csv.split("\r\n")[0]).toMatch(/^time,delivery_id,event_id,/);
      expect(csv).toContain(okDelivery);
      expect(csv).not.toContain(downDelivery);
    });
  });

  test("a custom range whose To is before its From is refused, on the page and by the API", async ({ browser }) => {
    const reversed = "range=custom&from=2025-12-06T10%3A00&to=2025-12-05T10%3A00";
    await as(browser, "admin", async (page) => {
      const logs = new EventLogsPage(page);
      await logs.goto(reversed);
      await expect(page.getByLabel("To (UTC)")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText("To must be after From.")).toBeVisible();
      for (const path of ["/api/event-logs", "/api/event-logs/stats", "/api/event-logs/export"]) {
        const response = await page.request.get(`${path}?${reversed}`);
        expect(response.status(), path).toBe(400);
        expect((await response.json()).error).toMatchObject({ code: "validation", fields: { to: ["To must be after From."] } });
      }
    });
  });

  test("a marketer browses and filters; the API wants a session", async ({ browser }) => {
    await as(browser, "marketer", async (page) => {
      const logs = new EventLogsPage(page);
      await logs.goto();
      await expect(logs.row(okDelivery)).toBeVisible();
      await logs.filters.connector.selectOption({ label: downName });
      await expect(page).toHaveURL(new RegExp(`connector=${downId}`));
      await expect(logs.row(downDelivery)).toBeVisible();
      await expect(logs.row(okDelivery)).toHaveCount(0);
      await expect(logs.exportCsv).toBeVisible();
      const api = await page.request.get(`/api/event-logs?connector=${downId}`);
      expect(api.ok()).toBeTruthy();
      expect((await api.json()).rows.map((r: { id: string }) => r.id)).toEqual([downDelivery]);
    });

    const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
    for (const path of ["/api/event-logs", "/api/event-logs/stats", "/api/event-logs/export"]) {
      expect((await anonymous.get(path)).status()).toBe(401);
    }
    await anonymous.dispose();
  });
});
