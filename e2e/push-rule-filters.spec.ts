import { expect, test, type Page } from "@playwright/test";
import { as } from "./fixtures";
import { ingest, uniqueName, useReceiver, wireUp } from "./flows";
import { PushRulesPage } from "./pages/push-rules-page";

/** Points earned events of `points` each, for members of level Gold. */
const earned = (points: number[]) =>
  points.map((p, i) => ({
    type: "points.earned",
    member: { id: `filter-member-${p}-${i}`, level: "Gold" },
    data: { points: p, balance: 1000 + p, action: { name: "E2E purchase" } },
  }));

test.describe("Integrations → Push rules → Filter", () => {
  test.describe.configure({ mode: "serial" });
  const receiver = useReceiver();
  const program = uniqueName("Filter Club");
  const connector = uniqueName("Filter CRM");

  test("an admin builds a filter, tests it, saves it, and the skipped events are counted", async ({ browser }) => {
    // Wires a program, an API key, a connector and a push rule through the UI first: past 30 s on a busy machine.
    test.slow();
    await as(browser, "admin", async (page: Page) => {
      const { key } = await wireUp(page, { program, connector, url: receiver.url("/ok"), events: ["Points earned"] });
      await ingest(page.request, key, earned([50, 150]));
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);

      const rules = new PushRulesPage(page);
      await page.reload();
      await rules.filterButton("Points earned", connector).click();
      const dialog = rules.filterDialog;
      await dialog.getByLabel("Field of condition 1").selectOption("data.points");
      await dialog.getByLabel("Operator of condition 1").selectOption({ label: "≥" });

      // A value of the wrong type is refused next to its control, and nothing is saved.
      await dialog.getByLabel("Value of condition 1").fill("lots");
      await dialog.getByRole("button", { name: "Save filter" }).click();
      await expect(dialog.getByText("Enter a number.")).toBeVisible();
      await expect(dialog.getByLabel("Value of condition 1")).toHaveAttribute("aria-invalid", "true");

      await dialog.getByLabel("Value of condition 1").fill("100");
      await dialog.getByRole("button", { name: "Test filter" }).click();
      await expect(dialog.getByRole("status")).toHaveText("1 of the last 2 events match.");
      const results = dialog.getByRole("table", { name: "Events tested" });
      await expect(results.getByTestId("dry-run-example")).toContainText("Matches");
      await expect(results.getByRole("row").filter({ hasText: "data.points: 150" })).toContainText("Matches");
      await expect(results.getByRole("row").filter({ hasText: "data.points: 50" })).toContainText("No match");

      await dialog.getByRole("button", { name: "Save filter" }).click();
      await expect(page.getByText("Filter saved.")).toBeVisible();
      await expect(dialog).toBeHidden();

      // From now on only events with 100 points or more are pushed; the others are counted.
      await ingest(page.request, key, earned([30, 500, 99]));
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(3);
      expect(JSON.parse(receiver.received[2]!.body)).toMatchObject([{ data: { points: 500 } }]);
      await page.reload();
      const cell = page.getByTestId("push-rule-row-points.earned");
      await expect(cell.getByTestId("rule-filter-note")).toHaveText("Filtered · 2 skipped in 24 h");

      // The saved filter opens as it was saved.
      await rules.filterButton("Points earned", connector).click();
      await expect(dialog.getByLabel("Field of condition 1")).toHaveValue("data.points");
      await expect(dialog.getByLabel("Value of condition 1")).toHaveValue("100");
    });
  });

  test("a marketer sees the filter read-only and may still test it", async ({ browser }) => {
    await as(browser, "marketer", async (page) => {
      const rules = new PushRulesPage(page);
      await rules.goto(program);
      await expect(page.getByTestId("rule-filter-note")).toHaveText("Filtered · 2 skipped in 24 h");
      await rules.filterButton("Points earned", connector).click();
      const dialog = rules.filterDialog;
      await expect(dialog.getByLabel("Value of condition 1")).toBeDisabled();
      await expect(dialog.getByRole("button", { name: "Save filter" })).toBeDisabled();
      await expect(dialog.getByRole("button", { name: "Remove filter" })).toBeDisabled();
      await dialog.getByRole("button", { name: "Test filter" }).click();
      await expect(dialog.getByRole("status")).toHaveText("2 of the last 5 events match.");
    });
  });
});
