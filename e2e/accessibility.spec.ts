import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { as, PROGRAM, storage } from "./fixtures";
import { createActiveConnector, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { LoginPage } from "./pages/login-page";
import { ProgramsPage } from "./pages/programs-page";

/*
 * Every screen, as each role sees it, and the dialogs worth checking open: no serious or critical
 * WCAG 2 A/AA violation (axe-core). A screen a role may not open is checked as the 403 page it gets.
 * A new screen is one more entry in SCREENS.
 */

/** Ids of rows the screens with a parameter show, made once by beforeAll. */
type Ids = { connector: string; delivery: string; program: string };

type Screen = {
  name: string;
  path: (ids: Ids) => string;
  /** The page's level-1 heading, waited for before the check. */
  heading: string | RegExp;
  /** Admins only: a marketer gets the 403 page. */
  adminOnly?: boolean;
  /** Buttons (admins only) that open a dialog to check too: the button's name, the dialog's. */
  dialogs?: { button: string; dialog: string }[];
};

const SCREENS: Screen[] = [
  { name: "home", path: () => "/", heading: /^Welcome, / },
  {
    name: "connectors",
    path: () => "/integrations/connectors",
    heading: "Connectors",
    dialogs: [{ button: "Set up an integration", dialog: "Set up an integration" }],
  },
  {
    name: "connector",
    path: (ids) => `/integrations/connectors/${ids.connector}`,
    heading: /^A11y CRM/,
    dialogs: [
      { button: "Send test event", dialog: "Send test event" },
      { button: "Delete", dialog: "" },
    ],
  },
  { name: "push rules", path: () => "/integrations/push-rules", heading: "Push rules" },
  { name: "event catalog", path: () => "/integrations/event-catalog", heading: "Event catalog" },
  { name: "API", path: () => "/integrations/api", heading: "API" },
  { name: "event logs", path: () => "/testing/event-logs", heading: "Event logs" },
  { name: "inbox", path: () => "/testing/inbox", heading: "Inbox" },
  {
    name: "delivery",
    path: (ids) => `/testing/event-logs/${ids.delivery}`,
    heading: /^Points earned →/,
    dialogs: [{ button: "Resend with changes", dialog: "Resend with changes" }],
  },
  { name: "programs", path: () => "/settings/programs", heading: "Programs", dialogs: [{ button: "New program", dialog: "New program" }] },
  {
    name: "program",
    path: (ids) => `/settings/programs/${ids.program}`,
    heading: PROGRAM,
    dialogs: [{ button: "Create API key", dialog: "Create API key" }],
  },
  { name: "users", path: () => "/settings/users", heading: "Users", adminOnly: true, dialogs: [{ button: "Add user", dialog: "Add a user" }] },
  { name: "audit log", path: () => "/settings/audit-log", heading: "Audit log", adminOnly: true },
];

/** Serious and critical WCAG 2 A/AA violations on the page as it is now, one readable line each. */
async function violations(page: Page) {
  // Let opening dialogs and toasts finish their animation: half-faded text is not what anyone reads.
  // (Endless ones, such as the live dot's pulse, never finish.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished),
    ),
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const ids: Ids = { connector: "", delivery: "", program: "" };

test.beforeAll(async ({ browser }) => {
  await as(browser, "admin", async (page) => {
    // Port 9 refuses: the delivery retries, and its page has a request and an error to show.
    ids.connector = await createActiveConnector(page, uniqueName("A11y CRM"), "http://127.0.0.1:9/a11y");
    const connector = new ConnectorPage(page);
    ids.delivery = await connector.sendTestEvent(ids.connector, "Points earned", PROGRAM);
    // A second connector on its test inbox, so that Testing → Inbox lists a captured request.
    const inboxed = await new ConnectorsPage(page).create(uniqueName("A11y inbox"));
    await connector.useTestInbox();
    await connector.saveGlobalVariables();
    await connector.sendTestEvent(inboxed, "Points earned", PROGRAM);
    const programs = new ProgramsPage(page);
    await programs.goto();
    await programs.open(PROGRAM);
    ids.program = page.url().split("/").pop()!;
  });
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("login has no serious or critical violations, its error shown too", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expect(login.buttons.signIn).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await login.signIn({ email: "nobody@example.com", password: "not-a-password" });
    await expect(login.error).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});

for (const role of ["admin", "marketer"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storage[role] });

    for (const screen of SCREENS) {
      test(`${screen.name} has no serious or critical violations`, async ({ page }) => {
        const response = await page.goto(screen.path(ids));
        if (screen.adminOnly && role === "marketer") {
          expect(response?.status()).toBe(403);
          await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
          expect(await violations(page)).toEqual([]);
          return;
        }
        await expect(page.getByRole("heading", { level: 1, name: screen.heading })).toBeVisible();
        expect(await violations(page)).toEqual([]);

        if (role !== "admin") return;
        for (const { button, dialog } of screen.dialogs ?? []) {
          await page.getByRole("button", { name: button, exact: true }).click();
          const opened = dialog ? page.getByRole("dialog", { name: dialog }) : page.getByRole("alertdialog");
          await expect(opened).toBeVisible();
          expect(await violations(page), `${button} dialog`).toEqual([]);
          await page.keyboard.press("Escape");
          await expect(opened).toBeHidden();
        }
      });
    }
  });
}
