import { expect, test } from "@playwright/test";
import { ADMIN, as, storage } from "./fixtures";
import { captureServerAction, createProgramWithKey, sendServerActionAs, uniqueName } from "./flows";
import { AuditLogPage } from "./pages/audit-log-page";
import { ProgramPage } from "./pages/program-page";
import { ProgramsPage } from "./pages/programs-page";
import { Shell } from "./pages/shell";

test.describe("Settings → Programs (admin)", () => {
  test.use({ storageState: storage.admin });

  test("creates, renames and refuses a duplicate name next to the field", async ({ page }) => {
    const name = uniqueName("Tea Club");
    const programs = new ProgramsPage(page);
    await programs.create(name);

    await programs.goto();
    await programs.buttons.newProgram.click();
    const dialog = programs.newProgramDialog;
    await dialog.getByRole("button", { name: "Create program" }).click();
    await expect(dialog.getByText("Enter a name.")).toBeVisible();
    await dialog.getByLabel("Name").fill(name.toUpperCase());
    await dialog.getByRole("button", { name: "Create program" }).click();
    await expect(dialog.getByText("A program with this name already exists.")).toBeVisible();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await page.keyboard.press("Escape");

    const renamed = uniqueName("Tea Society");
    await programs.row(name).getByRole("button", { name: `Rename ${name}` }).click();
    const rename = programs.renameDialog;
    await expect(rename.getByLabel("Name")).toHaveValue(name);
    await rename.getByLabel("Name").fill(renamed);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(rename).toBeHidden();
    await expect(programs.row(renamed)).toBeVisible();
    await page.reload();
    await expect(programs.row(name)).toHaveCount(0);
    await programs.open(renamed);
  });

  test("an API key is shown once, listed by prefix, and revoked", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await new ProgramsPage(page).create(uniqueName("Key Club"));
    const program = new ProgramPage(page);

    await program.submitApiKey("");
    await expect(program.createApiKeyDialog.getByText("Enter a label.")).toBeVisible();
    await program.keyLabel.fill("Production backend");
    await program.submitApiKeyButton.click();

    const dialog = program.keyCreatedDialog;
    await expect(dialog).toContainText("It won't be shown again.");
    // A stray click outside does not throw the key away.
    await page.mouse.click(5, 5);
    await expect(dialog).toHaveAttribute("data-state", "open");
    const key = await dialog.getByLabel("API key").inputValue();
    expect(key).toMatch(/^ihk_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    const prefix = key.slice(0, 12);
    const row = program.apiKeyRow(prefix);
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
    await createProgramWithKey(page, name, "Audited key");

    await new Shell(page).open("Audit log");
    const audit = new AuditLogPage(page);
    await expect(audit.heading).toBeVisible();
    await expect(audit.table).toContainText(`Created program ${name}`);

    await audit.filter("Program", name);
    await expect(page).toHaveURL(/entity=program/);
    await expect(audit.table.getByRole("row")).toHaveCount(2);
    await expect(audit.table).toContainText("program.created");
    await expect(audit.table).toContainText(ADMIN.email);

    await audit.filter("API key");
    await expect(audit.table).toContainText(`Created API key "Audited key"`);
    await page.reload();
    await expect(audit.filters.search).toHaveValue(name);
    await expect(audit.table.getByRole("row")).toHaveCount(2);
  });
});

test.describe("Settings → Programs (marketer)", () => {
  test.use({ storageState: storage.marketer });

  test("sees programs read-only, without API keys", async ({ page, browser }) => {
    const name = uniqueName("Read Only Club");
    await as(browser, "admin", (admin) => createProgramWithKey(admin, name, "Hidden from marketers"));

    await page.goto("/");
    const shell = new Shell(page);
    await expect(shell.navLink("Programs")).toBeVisible();
    await expect(shell.navLink("Audit log")).toHaveCount(0);
    await shell.open("Programs");

    const programs = new ProgramsPage(page);
    await expect(programs.buttons.newProgram).toBeDisabled();
    await programs.buttons.newProgram.locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");
    await expect(programs.row(name).getByRole("button", { name: `Rename ${name}` })).toBeDisabled();
    await expect(page.getByRole("columnheader", { name: "API keys" })).toHaveCount(0);

    await programs.open(name);
    await expect(page.getByRole("button", { name: `Rename ${name}` })).toBeDisabled();
    await expect(page.getByText("API keys for this program are visible to admins only.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "API keys" })).toHaveCount(0);
    await expect(new ProgramPage(page).createApiKeyButton).toHaveCount(0);
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
  const action = await as(browser, "admin", async (page) => {
    const programs = new ProgramsPage(page);
    await programs.goto();
    await programs.buttons.newProgram.click();
    const dialog = programs.newProgramDialog;
    await dialog.getByLabel("Name").fill(placeholder);
    const captured = await captureServerAction(page, () => dialog.getByRole("button", { name: "Create program" }).click());
    await expect(dialog.getByText("Use at most 100 characters.")).toBeVisible();
    return captured;
  });

  // …then send it with the marketer's session and a valid new name in the body.
  const name = uniqueName("Forced");
  expect(await sendServerActionAs(browser, storage.marketer, action, action.body.replace(placeholder, name))).toContain("forbidden");

  await as(browser, "admin", async (page) => {
    const programs = new ProgramsPage(page);
    await programs.goto();
    await expect(programs.table).toBeVisible();
    await expect(programs.row(name)).toHaveCount(0);
  });
});
