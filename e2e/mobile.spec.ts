import { expect, test, type Page } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { createActiveConnector, pushEvents, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ProgramsPage } from "./pages/programs-page";
import { Shell } from "./pages/shell";

/*
 * At phone width (390 × 844) the sidebar gives way to a top bar whose menu button opens the same
 * navigation in a sheet, and no screen scrolls sideways: wide tables, the push-rules matrix and code
 * scroll inside their own box. From the md breakpoint up the sidebar stays as it was.
 */

const PHONE = { width: 390, height: 844 };

/** Ids of the rows the screens with a parameter show, made once by beforeAll. */
type Ids = { connector: string; delivery: string; program: string };

const SCREENS: { name: string; path: (ids: Ids) => string; heading: string | RegExp }[] = [
  { name: "overview", path: () => "/", heading: /^Welcome, / },
  { name: "connectors", path: () => "/integrations/connectors", heading: "Connectors" },
  { name: "a connector", path: (ids) => `/integrations/connectors/${ids.connector}`, heading: /^Phone CRM/ },
  { name: "push rules", path: () => "/integrations/push-rules", heading: "Push rules" },
  { name: "event catalog", path: () => "/integrations/event-catalog", heading: "Event catalog" },
  { name: "API", path: () => "/integrations/api", heading: "API" },
  { name: "event logs", path: () => "/testing/event-logs", heading: "Event logs" },
  { name: "a delivery", path: (ids) => `/testing/event-logs/${ids.delivery}`, heading: /^Points earned →/ },
  { name: "inbox", path: () => "/testing/inbox", heading: "Inbox" },
  { name: "programs", path: () => "/settings/programs", heading: "Programs" },
  { name: "a program", path: (ids) => `/settings/programs/${ids.program}`, heading: PROGRAM },
  { name: "users", path: () => "/settings/users", heading: "Users" },
  { name: "audit log", path: () => "/settings/audit-log", heading: "Audit log" },
];

/** How far the document reaches past the viewport's right edge; 0 when nothing scrolls sideways. */
function sidewaysOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const ids: Ids = { connector: "", delivery: "", program: "" };

test.beforeAll(async ({ browser }) => {
  await as(browser, "admin", async (page) => {
    // Port 9 refuses: the delivery retries, and its page has a request and an error to show.
    const connectorName = uniqueName("Phone CRM");
    ids.connector = await createActiveConnector(page, connectorName, "http://127.0.0.1:9/phone");
    ids.delivery = await new ConnectorPage(page).sendTestEvent(ids.connector, "Points earned", PROGRAM);
    // A push rule to this connector and more destinations: the push-rules matrix shows, wider than a phone.
    for (let i = 0; i < 3; i++) await createActiveConnector(page, uniqueName("Phone CRM"), "http://127.0.0.1:9/phone");
    await pushEvents(page, PROGRAM, ["Points earned"], connectorName);
    const programs = new ProgramsPage(page);
    await programs.goto();
    await programs.open(PROGRAM);
    ids.program = page.url().split("/").pop()!;
  });
});

test.describe("at phone width (admin)", () => {
  test.use({ storageState: storage.admin, viewport: PHONE });

  for (const screen of SCREENS) {
    test(`${screen.name} fits the screen: no sideways scrolling`, async ({ page }) => {
      await page.goto(screen.path(ids));
      await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
      await page.waitForLoadState("load");
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      if (process.env.SCREENSHOTS && screen.name === "a delivery") await page.screenshot({ path: "docs/screenshots/phone-delivery.png" });
    });
  }

  test("the menu button opens the navigation, the bell and the user; following a link closes it", async ({ page }) => {
    const shell = new Shell(page);
    await page.goto("/");
    await expect(shell.bell).toBeVisible();
    await expect(shell.nav).toBeHidden();

    await shell.openMenu();
    await expect(shell.menu.getByTestId("current-user")).toContainText("Admin");
    await expect(shell.buttons.signOut).toBeVisible();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/phone-menu.png" });
    await shell.open("Push rules");
    await expect(shell.menu).toBeHidden();
    await expect(page).toHaveURL(/\/integrations\/push-rules/);
    await expect(page.getByRole("heading", { level: 1, name: "Push rules" })).toBeVisible();
  });

  test("Escape closes the menu and gives focus back to its button", async ({ page }) => {
    const shell = new Shell(page);
    await page.goto("/integrations/api");
    await shell.openMenu();
    await expect(shell.navLink("API")).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Escape");
    await expect(shell.menu).toBeHidden();
    await expect(shell.buttons.menu).toBeFocused();
  });
});

test.describe("from the md breakpoint up (admin)", () => {
  test.use({ storageState: storage.admin, viewport: { width: 1024, height: 768 } });

  test("the sidebar shows the navigation, the bell and the user; there is no menu button", async ({ page }) => {
    const shell = new Shell(page);
    await page.goto("/");
    await expect(shell.navLink("Connectors")).toBeVisible();
    await expect(shell.bell).toBeVisible();
    await expect(shell.currentUser).toBeVisible();
    await expect(shell.buttons.menu).toBeHidden();
  });
});
