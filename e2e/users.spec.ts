import { expect, test, type Browser } from "@playwright/test";
import { ADMIN, as, signIn, storage, uniqueEmail } from "./fixtures";
import { captureServerAction, sendServerActionAs } from "./flows";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

const PASSWORD = "a-long-enough-password";

async function userEmails(browser: Browser): Promise<string[]> {
  return as(browser, "admin", async (page) => {
    const response = await page.request.get("/api/users");
    expect(response.ok()).toBeTruthy();
    const body = (await response.json()) as { users: { email: string }[] };
    return body.users.map((u) => u.email);
  });
}

test.describe("Settings → Users (admin)", () => {
  test.use({ storageState: storage.admin });

  test("the last active admin cannot be demoted or deactivated", async ({ page }) => {
    const users = new UsersPage(page);
    await users.goto();
    await expect(users.row(ADMIN.email).getByLabel(`Role of ${ADMIN.email}`)).toBeDisabled();
    await expect(users.row(ADMIN.email).getByRole("button", { name: `Deactivate ${ADMIN.email}` })).toBeDisabled();
    await users.role(ADMIN.email).locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("The last active admin cannot be demoted.");
  });

  test("invalid input gets a message next to the field, then a user is created, promoted, demoted and deactivated", async ({ page }) => {
    const email = uniqueEmail("marketer");
    const users = new UsersPage(page);
    const dialog = users.addUserDialog;
    await users.goto();
    await users.create({ name: "Pat Example", email: "not-an-email", password: "short" });
    await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
    await expect(dialog.getByText("Use at least 10 characters.")).toBeVisible();
    await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Initial password").fill(PASSWORD);
    await users.createButton().click();
    await expect(dialog).toBeHidden();
    const row = users.row(email);
    await expect(row).toContainText("Pat Example");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("marketer");

    await users.role(email).selectOption("admin");
    await expect(page.getByText(`${email} is now admin`)).toBeVisible();
    // Two admins now: the demo admin may be demoted again.
    await expect(users.role(ADMIN.email)).toBeEnabled();
    await users.role(email).selectOption("marketer");
    await expect(page.getByText(`${email} is now marketer`)).toBeVisible();
    await expect(users.role(ADMIN.email)).toBeDisabled();

    await row.getByRole("button", { name: `Deactivate ${email}` }).click();
    await expect(row).toContainText("Deactivated");
    await page.reload();
    await expect(users.row(email)).toContainText("Deactivated");
  });

  test("a duplicate email is refused next to the field", async ({ page }) => {
    const users = new UsersPage(page);
    await users.goto();
    await users.create({ name: "Copy Cat", email: ADMIN.email.toUpperCase(), password: PASSWORD });
    await expect(users.addUserDialog.getByText("A user with this email already exists.")).toBeVisible();
  });

  test("deactivating a user ends their session at once", async ({ page, browser }) => {
    const email = uniqueEmail("leaver");
    const users = new UsersPage(page);
    await users.goto();
    await users.create({ name: "Lee Leaver", email, password: PASSWORD });
    await expect(users.row(email)).toBeVisible();

    const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    await signIn(theirPage, { email, password: PASSWORD });

    await users.deactivateButton(email).click();
    await expect(users.row(email)).toContainText("Deactivated");

    await theirPage.goto("/");
    await expect(theirPage).toHaveURL(/\/login/);
    const login = new LoginPage(theirPage);
    await login.signIn({ email, password: PASSWORD });
    await expect(login.error).toHaveText("Invalid email or password.");
    await theirs.close();
  });
});

test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
  // Record the exact request the admin's browser sends for "Create user"…
  const action = await as(browser, "admin", async (page) => {
    const users = new UsersPage(page);
    await users.goto();
    await users.fillNewUser({ name: "Template", email: "not-an-email", password: PASSWORD });
    return captureServerAction(page, () => users.createButton().click());
  });

  // …then send it with the marketer's session and a valid new user in the body.
  const email = uniqueEmail("forced");
  expect(await sendServerActionAs(browser, storage.marketer, action, action.body.replace("not-an-email", email))).toContain("forbidden");
  expect(await userEmails(browser)).not.toContain(email);
});
