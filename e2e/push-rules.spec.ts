import { expect, test, type Browser, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { addRules, captureServerAction, createProgram, openPushRules, saveRules, sendServerActionAs, setUpIntegration, uniqueName } from "./flows";

const PROGRAM = "Coffee Club Rewards";

const removeButton = (page: Page, event: string, connector: string) =>
  page.getByRole("button", { name: `Remove ${event} → ${connector}`, exact: true });

/** An admin's browser sets up a connector and pushes Reward offered to it in the program. */
async function adminCreatesRule(browser: Browser) {
  const admin = await browser.newContext({ storageState: storage.admin });
  const page = await admin.newPage();
  const connector = uniqueName("Rule target");
  await setUpIntegration(page, connector);
  await openPushRules(page, PROGRAM);
  await addRules(page, ["Reward offered"], connector);
  await saveRules(page, "Push rules saved: 1 added.");
  await admin.close();
  return connector;
}

test.describe("Integrations → Push rules (admin)", () => {
  test.use({ storageState: storage.admin });

  test("adds rules for two programs, saves, reloads, then removes a cell", async ({ page }) => {
    const connector = uniqueName("Push CRM");
    const OTHER_PROGRAM = uniqueName("Push Club");
    await createProgram(page, OTHER_PROGRAM);
    await setUpIntegration(page, connector);
    await page.getByRole("link", { name: "Push rules" }).click();
    await openPushRules(page, PROGRAM);

    // Nothing ticked: the form says what is missing, next to the fields.
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByText("Choose at least one event.")).toBeVisible();
    await expect(page.getByText("Choose at least one push destination.")).toBeVisible();

    const destinations = page.getByRole("group", { name: "Push destinations" });
    await expect(destinations.getByText(connector, { exact: true }).locator("..")).toContainText("(inactive)");
    await addRules(page, ["Points earned", "Reward offered"], connector, [OTHER_PROGRAM]);
    await expect(page.getByRole("status").filter({ hasText: "4 unsaved changes" })).toBeVisible();
    const pending = page.getByRole("list", { name: "Unsaved changes" });
    await expect(pending.getByRole("listitem")).toHaveCount(4);
    await expect(pending).toContainText(`Points earned → ${connector}`);
    await expect(pending).toContainText(`in ${OTHER_PROGRAM}`);

    // Switching program with unsaved changes asks first; declining keeps everything.
    const url = page.url();
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByLabel("Program").selectOption({ label: OTHER_PROGRAM });
    await expect(page).toHaveURL(url);
    await expect(page.getByLabel("Program").locator("option:checked")).toHaveText(PROGRAM);
    await expect(page.getByRole("status").filter({ hasText: "4 unsaved changes" })).toBeVisible();

    await saveRules(page, "Push rules saved: 4 added.");
    await page.reload();
    const matrix = page.getByRole("table", { name: `Push rules of ${PROGRAM}` });
    await expect(matrix.getByRole("columnheader", { name: connector })).toContainText("(inactive)");
    await expect(removeButton(page, "Points earned", connector)).toBeVisible();
    await expect(removeButton(page, "Reward offered", connector)).toBeVisible();

    await removeButton(page, "Points earned", connector).click();
    await expect(page.getByRole("status").filter({ hasText: "1 unsaved change" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Unsaved changes" })).toContainText(`Points earned → ${connector}`);
    await saveRules(page, "Push rules saved: 1 removed.");
    await page.reload();
    await expect(removeButton(page, "Points earned", connector)).toHaveCount(0);
    await expect(removeButton(page, "Reward offered", connector)).toBeVisible();

    // The same Add applied to the other program.
    await openPushRules(page, OTHER_PROGRAM);
    await expect(removeButton(page, "Points earned", connector)).toBeVisible();
    await expect(removeButton(page, "Reward offered", connector)).toBeVisible();

    // A whole row goes at once.
    await page.getByRole("button", { name: "Remove all for Points earned", exact: true }).click();
    await expect(page.getByRole("list", { name: "Unsaved changes" })).toContainText(`Points earned → ${connector}`);
    await saveRules(page, "Push rules saved: 1 removed.");
    await page.reload();
    await expect(removeButton(page, "Points earned", connector)).toHaveCount(0);
    await expect(removeButton(page, "Reward offered", connector)).toBeVisible();
  });
});

test("a marketer sees the matrix read-only", async ({ browser }) => {
  const connector = await adminCreatesRule(browser);
  const marketer = await browser.newContext({ storageState: storage.marketer });
  const page = await marketer.newPage();
  await openPushRules(page, PROGRAM);
  await expect(page.getByRole("table", { name: `Push rules of ${PROGRAM}` }).getByRole("columnheader", { name: connector })).toBeVisible();
  await expect(removeButton(page, "Reward offered", connector)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  await expect(page.getByRole("group", { name: "Events" }).getByLabel("Points earned", { exact: true })).toBeDisabled();
  await expect(page.getByText("Read-only. Only admins can do this.")).toBeVisible();
  await marketer.close();
});

test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
  // Capture the exact request the admin's browser sends for Save, without letting it through…
  const admin = await browser.newContext({ storageState: storage.admin });
  const adminPage = await admin.newPage();
  const connector = uniqueName("Forced target");
  await setUpIntegration(adminPage, connector);
  await openPushRules(adminPage, PROGRAM);
  await addRules(adminPage, ["Points burned"], connector);
  const action = await captureServerAction(adminPage, () => adminPage.getByRole("button", { name: "Save", exact: true }).click(), {
    block: true,
  });
  await admin.close();

  // …then send it with the marketer's session.
  expect(await sendServerActionAs(browser, storage.marketer, action)).toContain("forbidden");

  const check = await browser.newContext({ storageState: storage.admin });
  const page = await check.newPage();
  await openPushRules(page, PROGRAM);
  await expect(page.getByRole("group", { name: "Push destinations" }).getByLabel(connector, { exact: true })).toBeVisible();
  await expect(removeButton(page, "Points burned", connector)).toHaveCount(0);
  await check.close();
});
