import { expect, test } from "@playwright/test";
import { storage } from "./fixtures";
import { createProgramWithKey, uniqueName } from "./flows";
import { ApiPage } from "./pages/api-page";
import { HomePage } from "./pages/home-page";

test.describe("Integrations → API", () => {
  test.describe("marketer", () => {
    test.use({ storageState: storage.marketer });

    test("shows the endpoint, auth, the schema and curl examples on this hub's origin", async ({ page, context, baseURL }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const home = new HomePage(page);
      await home.goto();
      await home.shell.open("API");
      const api = new ApiPage(page);
      await expect(api.heading).toBeVisible();

      await expect(api.endpoint).toHaveText(`POST ${baseURL}/api/v1/events`);
      await expect(page.getByRole("region", { name: "Authentication" })).toContainText("Authorization: Bearer");
      const request = page.getByRole("region", { name: "Request body" });
      await expect(request.getByRole("table", { name: "Event fields" })).toContainText("occurredAt");
      await expect(request.getByRole("table", { name: "Member fields" })).toContainText("pointsBalance");
      await expect(request.getByRole("link", { name: "Points earned" })).toHaveAttribute("href", "/integrations/event-catalog#points.earned");
      await expect(page.getByRole("region", { name: "Responses" }).getByRole("table", { name: "Responses" })).toContainText("invalid_api_key");

      const single = await api.copy("curl: single event");
      expect(single).toContain(`--url '${baseURL}/api/v1/events'`);
      expect(single).toContain('"type": "points.earned"');
      const batch = await api.copy("curl: batch");
      expect(batch).toMatch(/--data-raw '\[/);

      await expect(page.getByRole("link", { name: "OpenAPI document (openapi.json)" })).toHaveAttribute("href", "/api/v1/openapi.json");
    });
  });

  test.describe("admin", () => {
    test.use({ storageState: storage.admin });

    test("the copied single-event example is accepted by the ingest API", async ({ page, context, request }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const key = await createProgramWithKey(page, uniqueName("API Club"), "API page example");

      const api = new ApiPage(page);
      await api.goto();
      const command = await api.copy("curl: single event");
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
