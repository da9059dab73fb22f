import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { storage } from "./fixtures";
import { captureServerAction, sendServerActionAs, setUpIntegration, uniqueName } from "./flows";

const AUTH_VALUE = "Bearer e2e-token";

function uniqueSecret() {
  return `e2e-secret-${randomBytes(12).toString("hex")}`;
}

async function fillGlobalVariables(page: Page, values: { url: string; secret: string }) {
  await page.getByRole("tab", { name: "Global variables" }).click();
  await page.getByLabel("Notification URL").fill(values.url);
  await page.getByLabel("Webhook secret").fill(values.secret);
  await page.getByLabel("Header name").fill("Authorization");
  await page.getByLabel("Header value").fill(AUTH_VALUE);
}

/** An admin's browser sets up a connector with a URL, a secret and an auth header. */
async function adminCreatesConnector(browser: Browser, secret: string) {
  const admin = await browser.newContext({ storageState: storage.admin });
  const page = await admin.newPage();
  const name = uniqueName("Shared CRM");
  const id = await setUpIntegration(page, name);
  await fillGlobalVariables(page, { url: "http://127.0.0.1:9/hook", secret });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Global variables saved.")).toBeVisible();
  await admin.close();
  return { id, name };
}

test.describe("Integrations → Connectors (admin)", () => {
  test.use({ storageState: storage.admin });

  test("an admin sets up an integration, saves its global variables and turns it on", async ({ page }) => {
    const name = uniqueName("CRM");
    const secret = uniqueSecret();
    const id = await setUpIntegration(page, name);

    const active = page.getByRole("switch", { name: "Active" });
    await expect(active).toBeDisabled();
    await expect(page.getByText("Save a notification URL first.")).toBeVisible();

    await fillGlobalVariables(page, { url: "http://127.0.0.1:9/hook", secret });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Global variables saved.")).toBeVisible();
    await expect(page.getByLabel("Webhook secret")).toHaveValue(/^•+/);

    await expect(active).toBeEnabled();
    await active.click();
    await expect(page.getByText("Saved: the connector is active.")).toBeVisible();

    await page.reload();
    await expect(page.getByRole("switch", { name: "Active" })).toBeChecked();
    await page.getByRole("tab", { name: "Global variables" }).click();
    await expect(page.getByLabel("Notification URL")).toHaveValue("http://127.0.0.1:9/hook");
    await expect(page.getByLabel("Webhook secret")).toHaveValue(`••••••••••••${secret.slice(-4)}`);
    await expect(page.getByLabel("Header name")).toHaveValue("Authorization");
    await expect(page.getByLabel("Header value")).toHaveValue("");
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain("e2e-token");

    // Reveal is an explicit, audited admin action.
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(page.getByLabel("Webhook secret")).toHaveValue(secret);

    await page.goto("/integrations/connectors");
    const row = page.getByTestId(`connector-row-${name}`);
    await expect(row).toContainText("127.0.0.1:9");
    await expect(row).toContainText("Active");
    await row.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/integrations/connectors/${id}$`));
  });

  test("a bad notification URL gets a message next to the field", async ({ page }) => {
    await setUpIntegration(page, uniqueName("Bad URL"));
    await page.getByRole("tab", { name: "Global variables" }).click();
    const url = page.getByLabel("Notification URL");

    await url.fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#connector-url-error")).toHaveText("Use an http:// or https:// URL.");
    await expect(url).toHaveAttribute("aria-invalid", "true");

    await url.fill("https://user:password@example.com/hook");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#connector-url-error")).toContainText("Remove the user name and password from the URL");

    await url.fill("https://example.com/hook");
    await page.getByLabel("Header name").fill("X-Qualifio-Signature");
    await page.getByLabel("Header value").fill("forged");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#connector-auth-name-error")).toHaveText(
      "X-Qualifio-Signature is set by the hub itself; choose another header.",
    );
    await expect(page.locator("#connector-url-error")).toHaveCount(0);
  });

  test("deleting asks for confirmation and removes it from the list", async ({ page }) => {
    const name = uniqueName("Short-lived");
    await setUpIntegration(page, name);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: `Delete ${name}?` });
    await expect(dialog).toContainText("Its past deliveries stay in the event logs.");
    await dialog.getByRole("button", { name: "Delete connector" }).click();
    await expect(page).toHaveURL(/\/integrations\/connectors$/);
    await expect(page.getByTestId(`connector-row-${name}`)).toHaveCount(0);
  });
});

test.describe("Integrations → Connectors (marketer)", () => {
  test("a marketer sees the connector read-only, without any secret or header value", async ({ browser }) => {
    const secret = uniqueSecret();
    const { id, name } = await adminCreatesConnector(browser, secret);

    const marketer = await browser.newContext({ storageState: storage.marketer });
    const page = await marketer.newPage();
    await page.goto(`/integrations/connectors/${id}`);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("note")).toContainText("Only admins can do this.");
    await expect(page.getByRole("switch", { name: "Active" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeDisabled();
    await expect(page.getByLabel("Name")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();

    await page.getByRole("tab", { name: "Global variables" }).click();
    await expect(page.getByLabel("Notification URL")).toBeDisabled();
    // Scheme and host only: notification URLs often carry a credential in the path or query.
    await expect(page.getByLabel("Notification URL")).toHaveValue("http://127.0.0.1:9/••••");
    await expect(page.getByLabel("Webhook secret")).toBeDisabled();
    await expect(page.getByLabel("Header value")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Reveal" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Rotate" })).toHaveCount(0);
    await page.getByRole("button", { name: "Save" }).locator("..").hover();
    await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");

    // Neither the HTML (with its inline RSC payload), a client navigation's RSC payload nor the API carry a value.
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain("e2e-token");
    const rsc = await marketer.request.get(`/integrations/connectors/${id}`, { headers: { RSC: "1" } });
    const payload = await rsc.text();
    expect(payload).toContain(name);
    expect(payload).not.toContain(secret);
    expect(payload).not.toContain("e2e-token");
    const api = await marketer.request.get(`/api/connectors/${id}`);
    expect(api.ok()).toBeTruthy();
    const body = await api.text();
    expect(body).not.toContain(secret);
    expect(body).not.toContain("e2e-token");
    expect(JSON.parse(body)).toMatchObject({ connector: { secret: { set: true, hint: null }, authHeader: { hasValue: true } } });
    await marketer.close();
  });

  test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
    // Record the exact request the admin's browser sends to save Global variables…
    const admin = await browser.newContext({ storageState: storage.admin });
    const adminPage = await admin.newPage();
    const id = await setUpIntegration(adminPage, uniqueName("Forced"));
    await adminPage.getByRole("tab", { name: "Global variables" }).click();
    await adminPage.getByLabel("Notification URL").fill("http://127.0.0.1:9/original");
    const action = await captureServerAction(adminPage, () => adminPage.getByRole("button", { name: "Save" }).click());
    await expect(adminPage.getByText("Global variables saved.")).toBeVisible();

    // …then send it with the marketer's session, pointing the connector somewhere else.
    expect(await sendServerActionAs(browser, storage.marketer, action, action.body.replace("/original", "/hijacked"))).toContain("forbidden");

    const check = await admin.request.get(`/api/connectors/${id}`);
    expect(await check.json()).toMatchObject({ connector: { notificationUrl: "http://127.0.0.1:9/original" } });
    await admin.close();
  });
});
