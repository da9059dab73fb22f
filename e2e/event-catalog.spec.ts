import { expect, test } from "@playwright/test";
import { storage } from "./fixtures";

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
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Event catalog" }).click();
    await expect(page.getByRole("heading", { name: "Event catalog" })).toBeVisible();
    for (const label of LABELS) await expect(page.getByRole("region", { name: label })).toBeVisible();
    const earned = page.getByRole("region", { name: "Points earned" });
    await expect(earned.getByLabel("Points earned example body", { exact: true })).toContainText('"type": "points.earned"');
    await earned.getByRole("tab", { name: "data schema" }).click();
    await expect(earned.getByLabel("Points earned data JSON Schema", { exact: true })).toContainText('"points"');
    await page.getByRole("tab", { name: "Python" }).click();
    await expect(page.getByLabel("Python verification snippet", { exact: true })).toContainText("hmac.compare_digest");
  });
});
