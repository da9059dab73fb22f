import { expect, test, type Locator } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, pushEvents, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { ProgramsPage } from "./pages/programs-page";
import { PushRulesPage } from "./pages/push-rules-page";

const MAX_VISIBLE_TOASTS = 3;
const ALL_EVENTS = ["Profile created", "Level changed", "Points earned", "Points burned", "Points changed (+)", "Points changed (-)", "Reward offered", "Identifier added"];

/**
 * The control is what a click at its centre hits, where it sits now. (A trial click would scroll the
 * page until nothing covers it, which hides the problem instead of finding it.)
 */
async function expectUncovered(control: Locator) {
  const hit = await control.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (top && el.contains(top)) return "the control";
    return top?.closest("[data-sonner-toast]") ? "a toast" : (top?.outerHTML.slice(0, 80) ?? "nothing");
  });
  expect(hit, `what a click on ${control} hits`).toBe("the control");
}

/** Whether a control's centre is inside the window and inside its table's scroll box (not scrolled out of either). */
function isInSight(el: Element) {
  const box = el.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const table = (el.closest('[data-slot="table-container"]') ?? document.documentElement).getBoundingClientRect();
  return y > 0 && y < window.innerHeight && x > Math.max(0, table.left) && x < Math.min(window.innerWidth, table.right);
}

test.describe("toasts (admin)", () => {
  test.use({ storageState: storage.admin });

  test("a pile of success toasts covers none of the connector page's actions, and only a few show at once", async ({ page }) => {
    await createActiveConnector(page, uniqueName("Toasty"), "http://127.0.0.1:9/hook");
    const connector = new ConnectorPage(page);
    await connector.generalTab.click();

    const save = connector.buttons.save;
    // One toast more than may show. Each click waits for the previous save to finish (Save is
    // disabled meanwhile); the cap itself is checked in components/ui/toast.test.tsx, where no toast
    // times out on a slow machine before the next one comes.
    for (let i = 0; i <= MAX_VISIBLE_TOASTS; i++) await save.click();
    const toasts = page.locator("[data-sonner-toast]");
    await expect.poll(() => toasts.count()).toBeGreaterThanOrEqual(MAX_VISIBLE_TOASTS);
    await expect.poll(() => page.locator('[data-sonner-toast][data-visible="true"]').count()).toBeLessThanOrEqual(MAX_VISIBLE_TOASTS);

    // Hovering spreads the stack out (its largest extent) and holds it there while the checks run.
    await toasts.first().hover();
    await expect(toasts.first()).toHaveAttribute("data-expanded", "true");
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectUncovered(connector.buttons.sendTestEvent);
    await expectUncovered(connector.active);
    await expectUncovered(connector.buttons.delete);
    await expectUncovered(save);
    // Nor the fields: the stack stands to the right of the form being edited.
    const form = page.locator("form").filter({ has: connector.fields.name });
    const [formBox, stackBox] = [await form.boundingBox(), await toasts.first().boundingBox()];
    expect(stackBox!.x, "the toasts' left edge").toBeGreaterThanOrEqual(formBox!.x + formBox!.width);
    await expect(toasts.first()).toBeVisible();
  });
});

test.describe("toasts on Push rules (admin)", () => {
  test.use({ storageState: storage.admin, viewport: { width: 1280, height: 900 } });

  test("a save says its outcome in the save bar, and nothing covers the matrix's buttons", async ({ page }) => {
    test.slow();
    const connector = uniqueName("Toasty CRM");
    await new ConnectorsPage(page).create(connector);
    const program = uniqueName("Toasty club");
    await new ProgramsPage(page).create(program);
    // Every event: the matrix then runs down past the foot of the window, where the toasts stand.
    await pushEvents(page, program, ALL_EVENTS, connector);

    const rules = new PushRulesPage(page);
    await expect(rules.status(`Push rules saved: ${ALL_EVENTS.length} added.`)).toBeVisible();
    await expect(rules.removeButton("Points earned", connector)).toBeVisible();
    await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
    // The new connector's column at the foot of the window, where toasts stand (on a hub with many
    // connectors the Add panel alone fills the first screen): every Filter / Remove / Remove all in
    // sight is what a click at its centre hits.
    const lastRow = rules.removeButton(ALL_EVENTS.at(-1)!, connector);
    await lastRow.evaluate((button) => button.scrollIntoView({ block: "end", inline: "center" }));
    const actions = await rules.matrix(program).getByRole("button", { name: /^(Filter for|Remove) / }).all();
    const inSight = [];
    for (const action of actions) if (await action.evaluate(isInSight)) inSight.push(action);
    expect(inSight.length, "matrix buttons in sight").toBeGreaterThanOrEqual(3);
    for (const action of inSight) await expectUncovered(action);

    // The outcome goes with the next edit.
    await rules.removeButton("Points earned", connector).click();
    await expect(rules.status("1 unsaved change")).toBeVisible();
    await expect(page.getByText(`Push rules saved: ${ALL_EVENTS.length} added.`)).toHaveCount(0);
  });
});
