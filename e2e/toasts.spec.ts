import { expect, test, type Locator } from "@playwright/test";
import { storage } from "./fixtures";
import { createActiveConnector, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";

const MAX_VISIBLE_TOASTS = 3;

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
