import { expect, test, type Browser } from "@playwright/test";
import { ADMIN, signIn, storage, uniqueEmail } from "./fixtures";
import { captureServerAction, sendServerActionAs } from "./flows";

async function userEmails(browser: Browser): Promise<string[]> {
  const admin = await browser.newContext({ storageState: storage.admin });
  const response = await admin.request.get("/api/users");
  expect(response.ok()).toBeTruthy();
  const body = (await response.json()) as { users: { email: string }[] };
  await admin.close();
  return body.users.map((u) => u.email);
}

test.describe("Settings → Users (admin)", () => {
  test.use({ storageState: storage.admin });

  test("the last active admin cannot be demoted or deactivated", async ({ page }) => {
    await page.goto("/settings/users");
    const row = page.getByTestId(`user-row-${ADMIN.email}`);
    await expect(row.getByLabel(`Role of ${ADMIN.email}`)).toBeDisabled();
    await expect(row.getByRole("button", { name: `Deactivate ${ADMIN.email}` })).toBeDisabled();
    await row.getByLabel(`Role of ${ADMIN.email}`).locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("The last active admin cannot be demoted.");
  });

  test("invalid input gets a message next to the field, then a user is created, promoted, demoted and deactivated", async ({ page }) => {
    const email = uniqueEmail("marketer");
    await page.goto("/settings/users");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await dialog.getByLabel("Name").fill("Pat Example");
    await dialog.getByLabel("Email").fill("not-an-email");
    await dialog.getByLabel("Initial password").fill("short");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
    await expect(dialog.getByText("Use at least 10 characters.")).toBeVisible();
    await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Initial password").fill("a-long-enough-password");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row).toContainText("Pat Example");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("marketer");

    await row.getByLabel(`Role of ${email}`).selectOption("admin");
    await expect(page.getByText(`${email} is now admin`)).toBeVisible();
    // Two admins now: the demo admin may be demoted again.
    await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toBeEnabled();
    await row.getByLabel(`Role of ${email}`).selectOption("marketer");
    await expect(page.getByText(`${email} is now marketer`)).toBeVisible();
    await expect(page.getByLabel(`Role of ${ADMIN.email}`)).toBeDisabled();

    await row.getByRole("button", { name: `Deactivate ${email}` }).click();
    await expect(row).toContainText("Deactivated");
    await page.reload();
    await expect(page.getByTestId(`user-row-${email}`)).toContainText("Deactivated");
  });

  test("a duplicate email is refused next to the field", async ({ page }) => {
    await page.goto("/settings/users");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await dialog.getByLabel("Name").fill("Copy Cat");
    await dialog.getByLabel("Email").fill(ADMIN.email.toUpperCase());
    await dialog.getByLabel("Initial password").fill("a-long-enough-password");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.getByText("A user with this email already exists.")).toBeVisible();
  });

  test("deactivating a user ends their session at once", async ({ page, browser }) => {
    const email = uniqueEmail("leaver");
    const password = "a-long-enough-password";
    await page.goto("/settings/users");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await dialog.getByLabel("Name").fill("Lee Leaver");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Initial password").fill(password);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();

    const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    await signIn(theirPage, { email, password });

    await page.getByRole("button", { name: `Deactivate ${email}` }).click();
    await expect(page.getByTestId(`user-row-${email}`)).toContainText("Deactivated");

    await theirPage.goto("/");
    await expect(theirPage).toHaveURL(/\/login/);
    await theirPage.getByLabel("Email").fill(email);
    await theirPage.getByLabel("Password").fill(password);
    await theirPage.getByRole("button", { name: "Sign in" }).click();
    await expect(theirPage.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await theirs.close();
  });
});

test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
  // Record the exact request the admin's browser sends for "Create user"…
  const admin = await browser.newContext({ storageState: storage.admin });
  const adminPage = await admin.newPage();
  await adminPage.goto("/settings/users");
  await adminPage.getByRole("button", { name: "Add user" }).click();
  const dialog = adminPage.getByRole("dialog", { name: "Add a user" });
  await dialog.getByLabel("Name").fill("Template");
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Initial password").fill("a-long-enough-password");
  const action = await captureServerAction(adminPage, () => dialog.getByRole("button", { name: "Create user" }).click());
  await admin.close();

  // …then send it with the marketer's session and a valid new user in the body.
  const email = uniqueEmail("forced");
  expect(await sendServerActionAs(browser, storage.marketer, action, action.body.replace("not-an-email", email))).toContain("forbidden");
  expect(await userEmails(browser)).not.toContain(email);
});
