import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { storage } from "./fixtures";

const PROGRAM = "Coffee Club Rewards";

function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

/** Set up an integration → Name: a new (inactive) connector, made the way an admin makes one. */
async function setUpIntegration(page: Page, name: string) {
  await page.goto("/integrations/connectors");
  await page.getByRole("button", { name: "Set up an integration" }).click();
  const dialog = page.getByRole("dialog", { name: "Set up an integration" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** A program of this spec's own, so removing a whole row touches nobody else's rules. */
async function createProgram(page: Page, name: string) {
  await page.goto("/settings/programs");
  await page.getByRole("button", { name: "New program" }).click();
  const dialog = page.getByRole("dialog", { name: "New program" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function openPushRules(page: Page, program: string) {
  await page.goto("/integrations/push-rules");
  const select = page.getByLabel("Program");
  if ((await select.locator("option:checked").textContent()) !== program) {
    await select.selectOption({ label: program });
    await expect(page).toHaveURL(/\?program=/);
  }
  await expect(page.getByRole("heading", { name: `Rules of ${program}` })).toBeVisible();
}

/** Ticks events and one destination, then Add. */
async function addRules(page: Page, events: string[], connector: string, alsoApplyTo: string[] = []) {
  const eventsGroup = page.getByRole("group", { name: "Events" });
  for (const event of events) await eventsGroup.getByLabel(event, { exact: true }).check();
  await page.getByRole("group", { name: "Push destinations" }).getByLabel(connector, { exact: true }).check();
  for (const program of alsoApplyTo) await page.getByRole("group", { name: "Also apply to" }).getByLabel(program, { exact: true }).check();
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

async function save(page: Page, toast: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(toast)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "No unsaved changes" })).toBeVisible();
}

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
  await save(page, "Push rules saved: 1 added.");
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

    await save(page, "Push rules saved: 4 added.");
    await page.reload();
    const matrix = page.getByRole("table", { name: `Push rules of ${PROGRAM}` });
    await expect(matrix.getByRole("columnheader", { name: connector })).toContainText("(inactive)");
    await expect(removeButton(page, "Points earned", connector)).toBeVisible();
    await expect(removeButton(page, "Reward offered", connector)).toBeVisible();

    await removeButton(page, "Points earned", connector).click();
    await expect(page.getByRole("status").filter({ hasText: "1 unsaved change" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Unsaved changes" })).toContainText(`Points earned → ${connector}`);
    await save(page, "Push rules saved: 1 removed.");
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
    await save(page, "Push rules saved: 1 removed.");
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
  const captured = new Promise<{ url: string; headers: Record<string, string>; body: string }>((resolve) => {
    void adminPage.route("**/integrations/push-rules**", async (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
      resolve({ url: request.url(), headers: request.headers(), body: request.postData() ?? "" });
      await route.abort();
    });
  });
  await adminPage.getByRole("button", { name: "Save", exact: true }).click();
  const request = await captured;
  await admin.close();

  // …then send it with the marketer's session.
  const marketer = await browser.newContext({ storageState: storage.marketer });
  const response = await marketer.request.post(request.url, {
    headers: {
      "next-action": request.headers["next-action"]!,
      "content-type": request.headers["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
    },
    data: request.body,
  });
  expect(await response.text()).toContain("forbidden");
  await marketer.close();

  const check = await browser.newContext({ storageState: storage.admin });
  const page = await check.newPage();
  await openPushRules(page, PROGRAM);
  await expect(page.getByRole("group", { name: "Push destinations" }).getByLabel(connector, { exact: true })).toBeVisible();
  await expect(removeButton(page, "Points burned", connector)).toHaveCount(0);
  await check.close();
});
