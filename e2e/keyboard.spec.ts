import { expect, test, type Locator, type Page } from "@playwright/test";
import { PROGRAM, storage } from "./fixtures";
import { uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { PushRulesPage } from "./pages/push-rules-page";

/*
 * The connector editor and the push-rule editor with the keyboard alone: focus moves by Tab and
 * Shift+Tab, Space and Enter operate, arrows move between tabs, Escape closes. No click, no fill:
 * locators only find the element that should have the focus and check what the page shows.
 */

/**
 * Presses `key` until `target` has the focus, and checks that a sighted keyboard user can see
 * where it is: the element matches :focus-visible and draws an outline or a ring (a box-shadow).
 */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab") {
  for (let presses = 0; presses < 250; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const shown = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        return el.matches(":focus-visible") && (outline || style.boxShadow !== "none");
      });
      expect(shown, `${target} shows where the focus is`).toBe(true);
      return;
    }
    await page.keyboard.press(key);
  }
  throw new Error(`${target} was not reached with ${key}`);
}

test.describe.serial("keyboard only", () => {
  test.use({ storageState: storage.admin });
  const name = uniqueName("Keyboard CRM");
  const renamed = `${name} (edited)`;
  let connectorId = "";

  test("create a connector and edit it in the connector editor", async ({ page }) => {
    const list = new ConnectorsPage(page);
    await list.goto();
    await tabTo(page, list.buttons.setUp);
    await page.keyboard.press("Enter");
    const nameField = list.setUpDialog.getByLabel("Name");
    await tabTo(page, nameField);
    await page.keyboard.type(name);
    await page.keyboard.press("Enter");
    const connector = new ConnectorPage(page);
    await expect(connector.heading(name)).toBeVisible();
    connectorId = page.url().split("/").pop()!;

    // General: Name, then its Save.
    await tabTo(page, connector.fields.name);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(renamed);
    await tabTo(page, connector.buttons.save);
    await page.keyboard.press("Enter");
    await expect(page.getByText("General settings saved.")).toBeVisible();
    await expect(connector.heading(renamed)).toBeVisible();

    // The tab list is one stop; the arrows move between General and Global variables.
    await tabTo(page, connector.generalTab, "Shift+Tab");
    await page.keyboard.press("ArrowRight");
    await expect(connector.globalVariablesTab).toBeFocused();
    await expect(connector.globalVariablesTab).toHaveAttribute("aria-selected", "true");

    await tabTo(page, connector.fields.notificationUrl);
    await page.keyboard.type("http://127.0.0.1:9/keyboard");
    await tabTo(page, connector.fields.webhookSecret);
    await page.keyboard.type("keyboard-secret-long-enough");
    await tabTo(page, connector.fields.headerName);
    await page.keyboard.type("Authorization");
    await tabTo(page, connector.fields.headerValue);
    await page.keyboard.type("Bearer keyboard");
    // Add header puts the focus in the new row's name.
    await tabTo(page, connector.buttons.addHeader);
    await page.keyboard.press("Enter");
    await expect(connector.customHeader(1).name).toBeFocused();
    await page.keyboard.type("X-Tenant");
    await page.keyboard.press("Tab");
    await expect(connector.customHeader(1).value).toBeFocused();
    await page.keyboard.type("keyboard");
    await tabTo(page, connector.buttons.save);
    await page.keyboard.press("Enter");
    await expect(page.getByText("Global variables saved.")).toBeVisible();

    // The Active switch, in the upper right: back up to it, Space turns it on.
    await expect(connector.active).toBeEnabled();
    await tabTo(page, connector.active, "Shift+Tab");
    await page.keyboard.press("Space");
    await expect(page.getByText("Saved: the connector is active.")).toBeVisible();

    await connector.openGlobalVariables(connectorId);
    await expect(connector.active).toBeChecked();
    await expect(connector.fields.notificationUrl).toHaveValue("http://127.0.0.1:9/keyboard");
    await expect(connector.fields.webhookSecret).toHaveValue(/^•+ough$/);
    await expect(connector.fields.headerName).toHaveValue("Authorization");
    await expect(connector.customHeader(1).name).toHaveValue("X-Tenant");
    await expect(connector.customHeader(1).value).toHaveValue("keyboard");
  });

  test("add and save a push rule, see it in the matrix, then change its cell", async ({ page }) => {
    const rules = new PushRulesPage(page);
    await rules.goto(PROGRAM);

    await tabTo(page, rules.events.getByLabel("Points earned", { exact: true }));
    await page.keyboard.press("Space");
    await tabTo(page, rules.destinations.getByLabel(renamed, { exact: true }));
    await page.keyboard.press("Space");
    await tabTo(page, rules.buttons.add);
    await page.keyboard.press("Enter");
    await expect(rules.status("1 unsaved change")).toBeVisible();
    await tabTo(page, rules.buttons.save);
    await page.keyboard.press("Enter");
    await expect(page.getByText("Push rules saved: 1 added.")).toBeVisible();
    const cell = rules.removeButton("Points earned", renamed);
    await expect(rules.matrix(PROGRAM).getByRole("columnheader", { name: renamed })).toBeVisible();
    await expect(cell).toBeVisible();

    // The matrix cell: Remove, then Save (above it, so Shift+Tab).
    await tabTo(page, cell);
    await page.keyboard.press("Enter");
    await expect(rules.status("1 unsaved change")).toBeVisible();
    await expect(rules.unsavedChanges).toContainText(`Points earned → ${renamed}`);
    await tabTo(page, rules.buttons.save, "Shift+Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Push rules saved: 1 removed.")).toBeVisible();
    await page.reload();
    await expect(rules.removeButton("Points earned", renamed)).toHaveCount(0);
  });
});
