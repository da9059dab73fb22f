import { expect, test } from "@playwright/test";
import { storage } from "./fixtures";
import { EventCatalogPage } from "./pages/event-catalog-page";
import { HomePage } from "./pages/home-page";

const LABELS = [
  "Profile created",
  "Level changed",
  "Points earned",
  "Points burned",
  "Points changed (+)",
  "Points changed (-)",
  "Reward offered",
  "Identifier added",
];

test.describe("Integrations → Event catalog", () => {
  test.use({ storageState: storage.marketer });

  test("lists the eight events with an example body and the signature snippets", async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await home.shell.open("Event catalog");
    const catalog = new EventCatalogPage(page);
    await expect(catalog.heading).toBeVisible();
    for (const label of LABELS) await expect(catalog.event(label)).toBeVisible();
    const earned = catalog.event("Points earned");
    await expect(earned.getByLabel("Points earned example body", { exact: true })).toContainText('"type": "points.earned"');
    await earned.getByRole("tab", { name: "data schema" }).click();
    await expect(earned.getByLabel("Points earned data JSON Schema", { exact: true })).toContainText('"points"');
    await page.getByRole("tab", { name: "Python" }).click();
    await expect(page.getByLabel("Python verification snippet", { exact: true })).toContainText("hmac.compare_digest");
  });
});
