import { expect, test } from "@playwright/test";
import { ADMIN, MARKETER, storage } from "./fixtures";
import { HomePage } from "./pages/home-page";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

test.describe("signed out", () => {
  test("every page redirects to the login page, keeping where you were going", async ({ page }) => {
    await new UsersPage(page).goto();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fusers$/);
    await expect(new LoginPage(page).buttons.signIn).toBeVisible();
  });

  test("API routes answer 401 JSON", async ({ request }) => {
    const response = await request.get("/api/users");
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  test("a forged session cookie gets nothing", async ({ browser, baseURL }) => {
    const context = await browser.newContext();
    await context.addCookies([{ name: "authjs.session-token", value: "forged", url: baseURL! }]);
    const page = await context.newPage();
    await new UsersPage(page).goto();
    await expect(page).toHaveURL(/\/login/);
    const api = await context.request.get("/api/users");
    expect(api.status()).toBe(401);
    await context.close();
  });

  test("a wrong password gets a generic error", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn({ email: MARKETER.email, password: "not-the-password" });
    await expect(login.error).toHaveText("Invalid email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("an unknown email gets the same generic error", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn({ email: "nobody@example.com", password: "whatever-password" });
    await expect(login.error).toHaveText("Invalid email or password.");
  });

  test("too many attempts from one address get a clear message, even with the right password", async ({ browser }) => {
    // Its own address (the e2e server trusts one proxy, so X-Forwarded-For is the key) keeps the other
    // specs' sign-ins, all from 127.0.0.1, out of this budget: LOGIN_ATTEMPTS_PER_MINUTE's default, 20.
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.23" } });
    const login = new LoginPage(await context.newPage());
    const attempt = async (email: string, password: string) => {
      await login.goto();
      await login.signIn({ email, password });
      return login.error;
    };
    await expect(await attempt("nobody@example.com", "whatever-password")).toHaveText("Invalid email or password.");
    // The form is ready (Sign in is enabled once hydrated) before the burst, so the last attempt
    // follows it at once: a slot refills every 3 s, counted from the first attempt.
    await login.goto();
    await login.fields.email.fill(MARKETER.email);
    await login.fields.password.fill(MARKETER.password);
    await expect(login.buttons.signIn).toBeEnabled();
    // The rest of the budget at once, through Auth.js's own credentials endpoint (the form posts to
    // the same authorize): signing in through the form 20 times takes long enough for the limit to
    // refill a few slots. 5 more than the budget leave room for the slots that refill meanwhile.
    const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        context.request.post("/api/auth/callback/credentials", {
          form: { csrfToken, email: `nobody-${i}@example.com`, password: "whatever-password" },
          maxRedirects: 0,
        }),
      ),
    );
    await login.buttons.signIn.click();
    await expect(login.error).toHaveText(
      "Too many sign-in attempts from your network. Wait a minute and try again.",
    );
    await expect(login.page).toHaveURL(/\/login/);
    await context.close();
  });

  test("signing in returns to the page you asked for, and signing out ends the session", async ({ page }) => {
    const users = new UsersPage(page);
    await users.goto();
    await new LoginPage(page).signIn(ADMIN);
    await expect(page).toHaveURL(/\/settings\/users$/);
    await expect(users.heading).toBeVisible();
    const home = new HomePage(page);
    await home.shell.buttons.signOut.click();
    await expect(page).toHaveURL(/\/login/);
    await home.goto();
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("the shell", () => {
  test.use({ storageState: storage.admin });

  test("shows the signed-in admin with role, and the Settings group", async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(home.shell.currentUser).toContainText(ADMIN.name);
    await expect(page.getByText("Deliveries in the last 24 hours")).toBeVisible();
    await expect(home.pushRulesCard).toHaveAttribute("href", "/integrations/push-rules");
    await expect(home.shell.currentUser).toContainText("Admin");
    await expect(home.shell.nav.getByRole("group", { name: "Settings" })).toBeVisible();
    await home.shell.open("Users");
    await expect(page).toHaveURL(/\/settings\/users$/);
  });
});

test.describe("marketer", () => {
  test.use({ storageState: storage.marketer });

  test("sees the shell with the marketer role and no admin-only links", async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(home.shell.currentUser).toContainText("Marketer");
    await expect(home.shell.navLink("Users")).toHaveCount(0);
  });

  test("opening Users gives a 403 page", async ({ page }) => {
    const response = await page.goto("/settings/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  });

  test("the users API refuses with 403 JSON", async ({ page }) => {
    const response = await page.request.get("/api/users");
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});
