import { expect, test, type Locator, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, uniqueName } from "./flows";

/*
 * A click that lands between the first paint and hydration must not be lost: each primary action
 * either works without JavaScript or is disabled until its handler is attached (Playwright's
 * auto-wait then waits for it). The window is made wide on purpose, as a cold server makes it: the
 * CPU is slowed sixfold and every script arrives a second and a half late, while the HTML comes at
 * once. Navigations return as soon as the response starts, so the click comes as early as a flow's.
 */

const SCRIPT_DELAY_MS = 1_500;

async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  await page.route(/\/_next\/static\/.+\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, SCRIPT_DELAY_MS));
    await route.continue();
  });
}

async function visitCold(page: Page, path: string) {
  await page.goto(path, { waitUntil: "commit" });
}

test.describe("primary actions right after navigation, on a slow CPU (admin)", () => {
  test.use({ storageState: storage.admin });
  // Hydration itself takes seconds at 6x; the assertions keep their usual timeout on top of it.
  test.slow();

  let connectorId: string;

  test.beforeAll(async ({ browser }) => {
    // A connector with a notification URL, so that Send test event is enabled for the admin and
    // Push rules has a destination to offer.
    const context = await browser.newContext({ storageState: storage.admin });
    const page = await context.newPage();
    connectorId = await createActiveConnector(page, uniqueName("Cold click"), "http://127.0.0.1:9/hook");
    await context.close();
  });

  /** Each screen's primary action, and what shows that the click was not lost. */
  const actions: { screen: string; path: () => string; button: string; effect: (page: Page) => Locator }[] = [
    {
      screen: "Connectors",
      path: () => "/integrations/connectors",
      button: "Set up an integration",
      effect: (page) => page.getByRole("dialog", { name: "Set up an integration" }),
    },
    {
      screen: "a connector's page",
      path: () => `/integrations/connectors/${connectorId}`,
      button: "Send test event",
      effect: (page) => page.getByRole("dialog", { name: "Send test event" }),
    },
    { screen: "Users", path: () => "/settings/users", button: "Add user", effect: (page) => page.getByRole("dialog", { name: "Add a user" }) },
    {
      screen: "Push rules",
      path: () => "/integrations/push-rules",
      button: "Add",
      // With nothing ticked, Add says what is missing.
      effect: (page) => page.getByText("Choose at least one event."),
    },
    { screen: "Programs", path: () => "/settings/programs", button: "New program", effect: (page) => page.getByRole("dialog", { name: "New program" }) },
  ];

  for (const action of actions) {
    test(`${action.screen}: ${action.button} takes effect`, async ({ page }) => {
      await throttle(page);
      await visitCold(page, action.path());
      await page.getByRole("button", { name: action.button, exact: true }).click();
      await expect(action.effect(page)).toBeVisible();
    });
  }
});

test.describe("the server's HTML, as a browser without JavaScript gets it (admin)", () => {
  test.use({ javaScriptEnabled: false, storageState: storage.admin });

  test("actions that need a script are disabled; those that submit a plain form are not", async ({ page }) => {
    await page.goto("/integrations/connectors");
    const setUp = page.getByRole("button", { name: "Set up an integration" });
    await expect(setUp).toBeDisabled();
    await expect(setUp).toHaveAttribute("aria-disabled", "true");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeEnabled();

    await page.goto("/settings/audit-log");
    await expect(page.getByRole("button", { name: "Apply" })).toBeEnabled();
  });
});
