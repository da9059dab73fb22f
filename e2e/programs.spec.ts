import { expect, test, type Browser, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { captureServerAction, createProgram, sendServerActionAs, uniqueName } from "./flows";

async function asAdmin<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: storage.admin });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

test.describe("Settings → Programs (admin)", () => {
  test.use({ storageState: storage.admin });

  test("creates, renames and refuses a duplicate name next to the field", async ({ page }) => {
    const name = uniqueName("Tea Club");
    await createProgram(page, name);

    await page.goto("/settings/programs");
    await page.getByRole("button", { name: "New program" }).click();
    const dialog = page.getByRole("dialog", { name: "New program" });
    await dialog.getByRole("button", { name: "Create program" }).click();
    await expect(dialog.getByText("Enter a name.")).toBeVisible();
    await dialog.getByLabel("Name").fill(name.toUpperCase());
    await dialog.getByRole("button", { name: "Create program" }).click();
    await expect(dialog.getByText("A program with this name already exists.")).toBeVisible();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await page.keyboard.press("Escape");

    const renamed = uniqueName("Tea Society");
    await page.getByTestId(`program-row-${name}`).getByRole("button", { name: `Rename ${name}` }).click();
    const rename = page.getByRole("dialog", { name: "Rename program" });
    await expect(rename.getByLabel("Name")).toHaveValue(name);
    await rename.getByLabel("Name").fill(renamed);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(rename).toBeHidden();
    await expect(page.getByTestId(`program-row-${renamed}`)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId(`program-row-${name}`)).toHaveCount(0);
    await page.getByRole("link", { name: renamed }).click();
    await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  });

  test("an API key is shown once, listed by prefix, and revoked", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await createProgram(page, uniqueName("Key Club"));

    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByText("Enter a label.")).toBeVisible();
    await page.getByLabel("Label").fill("Production backend");
    await page.getByRole("button", { name: "Create API key" }).click();

    const dialog = page.getByRole("dialog", { name: "API key created" });
    await expect(dialog).toContainText("It won't be shown again.");
    const key = await dialog.getByLabel("API key").inputValue();
    expect(key).toMatch(/^ihk_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    const prefix = key.slice(0, 12);
    const row = page.getByTestId(`api-key-row-${prefix}`);
    await expect(row).toContainText("Production backend");
    await expect(row).toContainText("Never");
    await expect(row).toContainText("Active");
    // Gone for good: neither the page nor a fresh load of it carries the key.
    expect(await page.content()).not.toContain(key);
    const html = await (await page.request.get(page.url())).text();
    expect(html).not.toContain(key.slice(12));

    await row.getByRole("button", { name: `Revoke ${prefix}…` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Revoke this API key?" });
    await expect(confirm).toContainText(prefix);
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  });

  test("the audit log shows the admin's changes, filterable in the URL", async ({ page }) => {
    const name = uniqueName("Audited");
    await createProgram(page, name);
    await page.getByLabel("Label").fill("Audited key");
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByRole("dialog", { name: "API key created" }).getByRole("button", { name: "Done" }).click();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log).toContainText(`Created program ${name}`);

    await page.getByLabel("Search").fill(name);
    await page.getByLabel("Entity").selectOption({ label: "Program" });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/entity=program/);
    await expect(log.getByRole("row")).toHaveCount(2);
    await expect(log).toContainText("program.created");
    await expect(log).toContainText("admin@example.com");

    await page.getByLabel("Entity").selectOption({ label: "API key" });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(log).toContainText(`Created API key "Audited key"`);
    await page.reload();
    await expect(page.getByLabel("Search")).toHaveValue(name);
    await expect(log.getByRole("row")).toHaveCount(2);
  });
});

test.describe("Settings → Programs (marketer)", () => {
  test.use({ storageState: storage.marketer });

  test("sees programs read-only, without API keys", async ({ page, browser }) => {
    const name = uniqueName("Read Only Club");
    await asAdmin(browser, async (admin) => {
      await createProgram(admin, name);
      await admin.getByLabel("Label").fill("Hidden from marketers");
      await admin.getByRole("button", { name: "Create API key" }).click();
      await expect(admin.getByRole("dialog", { name: "API key created" })).toBeVisible();
    });

    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Programs" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await nav.getByRole("link", { name: "Programs" }).click();

    const create = page.getByRole("button", { name: "New program" });
    await expect(create).toBeDisabled();
    await create.locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");
    const row = page.getByTestId(`program-row-${name}`);
    await expect(row.getByRole("button", { name: `Rename ${name}` })).toBeDisabled();
    await expect(page.getByRole("columnheader", { name: "API keys" })).toHaveCount(0);

    await row.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("button", { name: `Rename ${name}` })).toBeDisabled();
    await expect(page.getByText("API keys for this program are visible to admins only.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "API keys" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
    expect(await page.content()).not.toContain("Hidden from marketers");
  });

  test("gets the 403 page on the audit log", async ({ page }) => {
    const response = await page.goto("/settings/audit-log");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});

test("a marketer's forced create-program action is refused and creates nothing", async ({ browser }) => {
  // Record the exact request the admin's browser sends for "Create program" (with a name too long to save)…
  const placeholder = "x".repeat(101);
  const actionRequest = await asAdmin(browser, async (admin) => {
    await admin.goto("/settings/programs");
    await admin.getByRole("button", { name: "New program" }).click();
    const dialog = admin.getByRole("dialog", { name: "New program" });
    await dialog.getByLabel("Name").fill(placeholder);
    const action = await captureServerAction(admin, () => dialog.getByRole("button", { name: "Create program" }).click());
    await expect(dialog.getByText("Use at most 100 characters.")).toBeVisible();
    return action;
  });

  // …then send it with the marketer's session and a valid new name in the body.
  const name = uniqueName("Forced");
  expect(await sendServerActionAs(browser, storage.marketer, actionRequest, actionRequest.body.replace(placeholder, name))).toContain(
    "forbidden",
  );

  await asAdmin(browser, async (admin) => {
    await admin.goto("/settings/programs");
    await expect(admin.getByRole("table", { name: "Programs" })).toBeVisible();
    await expect(admin.getByTestId(`program-row-${name}`)).toHaveCount(0);
  });
});
