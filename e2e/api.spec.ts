import { expect, test, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { createApiKey, createProgram, uniqueName } from "./flows";

/** Clicks a code block's copy button and returns what landed on the clipboard. */
async function copy(page: Page, label: string) {
  await page.getByRole("button", { name: `Copy ${label}`, exact: true }).click();
  return page.evaluate(() => navigator.clipboard.readText());
}

test.describe("Integrations → API", () => {
  test.describe("marketer", () => {
    test.use({ storageState: storage.marketer });

    test("shows the endpoint, auth, the schema and curl examples on this hub's origin", async ({ page, context, baseURL }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.goto("/");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "API" })).toBeVisible();

      await expect(page.getByTestId("ingest-endpoint")).toHaveText(`POST ${baseURL}/api/v1/events`);
      await expect(page.getByRole("region", { name: "Authentication" })).toContainText("Authorization: Bearer");
      const request = page.getByRole("region", { name: "Request body" });
      await expect(request.getByRole("table", { name: "Event fields" })).toContainText("occurredAt");
      await expect(request.getByRole("table", { name: "Member fields" })).toContainText("pointsBalance");
      await expect(request.getByRole("link", { name: "Points earned" })).toHaveAttribute("href", "/integrations/event-catalog#points.earned");
      await expect(page.getByRole("region", { name: "Responses" }).getByRole("table", { name: "Responses" })).toContainText("invalid_api_key");

      const single = await copy(page, "curl: single event");
      expect(single).toContain(`--url '${baseURL}/api/v1/events'`);
      expect(single).toContain('"type": "points.earned"');
      const batch = await copy(page, "curl: batch");
      expect(batch).toMatch(/--data-raw '\[/);

      await expect(page.getByRole("link", { name: "OpenAPI document (openapi.json)" })).toHaveAttribute("href", "/api/v1/openapi.json");
    });
  });

  test.describe("admin", () => {
    test.use({ storageState: storage.admin });

    test("the copied single-event example is accepted by the ingest API", async ({ page, context, request }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const program = uniqueName("API Club");
      await createProgram(page, program);
      const key = await createApiKey(page, program, "API page example");

      await page.goto("/integrations/api");
      const command = await copy(page, "curl: single event");
      const url = /--url '([^']+)'/.exec(command)![1]!;
      const body = /--data-raw '([^']+)'/.exec(command)![1]!;
      const response = await request.post(url, { headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, data: body });
      expect(response.status()).toBe(202);
      expect(await response.json()).toMatchObject({ duplicate: false });
    });
  });

  test.describe("signed out", () => {
    test.use({ storageState: { cookies: [], origins: [] } });

    test("openapi.json is public JSON", async ({ request }) => {
      const response = await request.get("/api/v1/openapi.json");
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toMatch(/^application\/json/);
      expect((await response.json()).openapi).toMatch(/^3\.1\./);
    });
  });
});
