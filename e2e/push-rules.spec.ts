import { expect, test } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { captureServerAction, pushEvents, sendServerActionAs, uniqueName } from "./flows";
import { ConnectorsPage } from "./pages/connectors-page";
import { ProgramsPage } from "./pages/programs-page";
import { PushRulesPage } from "./pages/push-rules-page";
import { Shell } from "./pages/shell";

test.describe("Integrations → Push rules (admin)", () => {
  test.use({ storageState: storage.admin });

  test("adds rules for two programs, saves, reloads, then removes a cell", async ({ page }) => {
    // A program, a connector, three saves and four reloads: past 30 s on a busy machine.
    test.slow();
    const connector = uniqueName("Push CRM");
    const OTHER_PROGRAM = uniqueName("Push Club");
    await new ProgramsPage(page).create(OTHER_PROGRAM);
    await new ConnectorsPage(page).create(connector);
    await new Shell(page).open("Push rules");
    const rules = new PushRulesPage(page);
    await rules.goto(PROGRAM);

    // Nothing ticked: the form says what is missing, next to the fields.
    await rules.buttons.add.click();
    await expect(page.getByText("Choose at least one event.")).toBeVisible();
    await expect(page.getByText("Choose at least one push destination.")).toBeVisible();

    await expect(rules.destinations.getByText(connector, { exact: true }).locator("..")).toContainText("(inactive)");
    await rules.add(["Points earned", "Reward offered"], connector, [OTHER_PROGRAM]);
    await expect(rules.status("4 unsaved changes")).toBeVisible();
    await expect(rules.unsavedChanges.getByRole("listitem")).toHaveCount(4);
    await expect(rules.unsavedChanges).toContainText(`Points earned → ${connector}`);
    await expect(rules.unsavedChanges).toContainText(`in ${OTHER_PROGRAM}`);

    // Switching program with unsaved changes asks first; declining keeps everything.
    const url = page.url();
    page.once("dialog", (dialog) => void dialog.dismiss());
    await rules.fields.program.selectOption({ label: OTHER_PROGRAM });
    await expect(page).toHaveURL(url);
    await expect(rules.fields.program.locator("option:checked")).toHaveText(PROGRAM);
    await expect(rules.status("4 unsaved changes")).toBeVisible();

    await rules.save("Push rules saved: 4 added.");
    await page.reload();
    await expect(rules.matrix(PROGRAM).getByRole("columnheader", { name: connector })).toContainText("(inactive)");
    await expect(rules.removeButton("Points earned", connector)).toBeVisible();
    await expect(rules.removeButton("Reward offered", connector)).toBeVisible();

    await rules.removeButton("Points earned", connector).click();
    await expect(rules.status("1 unsaved change")).toBeVisible();
    await expect(rules.unsavedChanges).toContainText(`Points earned → ${connector}`);
    await rules.save("Push rules saved: 1 removed.");
    await page.reload();
    await expect(rules.removeButton("Points earned", connector)).toHaveCount(0);
    await expect(rules.removeButton("Reward offered", connector)).toBeVisible();

    // The same Add applied to the other program.
    await rules.goto(OTHER_PROGRAM);
    await expect(rules.removeButton("Points earned", connector)).toBeVisible();
    await expect(rules.removeButton("Reward offered", connector)).toBeVisible();

    // A whole row goes at once.
    await page.getByRole("button", { name: "Remove all for Points earned", exact: true }).click();
    await expect(rules.unsavedChanges).toContainText(`Points earned → ${connector}`);
    await rules.save("Push rules saved: 1 removed.");
    await page.reload();
    await expect(rules.removeButton("Points earned", connector)).toHaveCount(0);
    await expect(rules.removeButton("Reward offered", connector)).toBeVisible();
  });
});

test("a marketer sees the matrix read-only", async ({ browser }) => {
  // An admin sets up a connector and pushes Reward offered to it in the program.
  const connector = uniqueName("Rule target");
  await as(browser, "admin", async (page) => {
    await new ConnectorsPage(page).create(connector);
    await pushEvents(page, PROGRAM, ["Reward offered"], connector);
  });
  await as(browser, "marketer", async (page) => {
    const rules = new PushRulesPage(page);
    await rules.goto(PROGRAM);
    await expect(rules.matrix(PROGRAM).getByRole("columnheader", { name: connector })).toBeVisible();
    await expect(rules.removeButton("Reward offered", connector)).toBeDisabled();
    await expect(rules.buttons.add).toBeDisabled();
    await expect(rules.buttons.save).toBeDisabled();
    await expect(rules.events.getByLabel("Points earned", { exact: true })).toBeDisabled();
    await expect(page.getByText("Read-only. Only admins can do this.")).toBeVisible();
  });
});

test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
  // Capture the exact request the admin's browser sends for Save, without letting it through…
  const connector = uniqueName("Forced target");
  const action = await as(browser, "admin", async (page) => {
    await new ConnectorsPage(page).create(connector);
    const rules = new PushRulesPage(page);
    await rules.goto(PROGRAM);
    await rules.add(["Points burned"], connector);
    return captureServerAction(page, () => rules.buttons.save.click(), { block: true });
  });

  // …then send it with the marketer's session.
  expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");

  await as(browser, "admin", async (page) => {
    const rules = new PushRulesPage(page);
    await rules.goto(PROGRAM);
    await expect(rules.destinations.getByLabel(connector, { exact: true })).toBeVisible();
    await expect(rules.removeButton("Points burned", connector)).toHaveCount(0);
  });
});
