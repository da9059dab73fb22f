import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { as, storage } from "./fixtures";
import { captureServerAction, sendServerActionAs, uniqueName } from "./flows";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";

const AUTH_VALUE = "Bearer e2e-token";
const URL = "http://127.0.0.1:9/hook";

function uniqueSecret() {
  return `e2e-secret-${randomBytes(12).toString("hex")}`;
}

/** A URL, a secret and an auth header for the Global variables tab. */
const globalVariables = (secret: string) => ({ url: URL, secret, headerName: "Authorization", headerValue: AUTH_VALUE });

test.describe("Integrations → Connectors (admin)", () => {
  test.use({ storageState: storage.admin });

  test("an admin sets up an integration, saves its global variables and turns it on", async ({ page }) => {
    const name = uniqueName("CRM");
    const secret = uniqueSecret();
    const id = await new ConnectorsPage(page).create(name);
    const connector = new ConnectorPage(page);

    await expect(connector.active).toBeDisabled();
    await expect(page.getByText("Save a notification URL first.")).toBeVisible();

    await connector.fillGlobalVariables(globalVariables(secret));
    await connector.saveGlobalVariables();
    await expect(connector.fields.webhookSecret).toHaveValue(/^•+/);

    await expect(connector.active).toBeEnabled();
    await connector.activate();

    await page.reload();
    await expect(connector.active).toBeChecked();
    await connector.globalVariablesTab.click();
    await expect(connector.fields.notificationUrl).toHaveValue(URL);
    await expect(connector.fields.webhookSecret).toHaveValue(`••••••••••••${secret.slice(-4)}`);
    await expect(connector.fields.headerName).toHaveValue("Authorization");
    await expect(connector.fields.headerValue).toHaveValue("");
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain("e2e-token");

    // Reveal is an explicit, audited admin action.
    await connector.buttons.reveal.click();
    await expect(connector.fields.webhookSecret).toHaveValue(secret);

    const list = new ConnectorsPage(page);
    await list.goto();
    await expect(list.row(name)).toContainText("127.0.0.1:9");
    await expect(list.row(name)).toContainText("Active");
    await list.row(name).getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/integrations/connectors/${id}$`));
  });

  test("a bad notification URL gets a message next to the field", async ({ page }) => {
    await new ConnectorsPage(page).create(uniqueName("Bad URL"));
    const connector = new ConnectorPage(page);

    await connector.fillGlobalVariables({ url: "ftp://example.com/hook" });
    await connector.buttons.save.click();
    await expect(page.locator("#connector-url-error")).toHaveText("Use an http:// or https:// URL.");
    await expect(connector.fields.notificationUrl).toHaveAttribute("aria-invalid", "true");

    await connector.fields.notificationUrl.fill("https://user:password@example.com/hook");
    await connector.buttons.save.click();
    await expect(page.locator("#connector-url-error")).toContainText("Remove the user name and password from the URL");

    await connector.fillGlobalVariables({ url: "https://example.com/hook", headerName: "X-Qualifio-Signature", headerValue: "forged" });
    await connector.buttons.save.click();
    await expect(page.locator("#connector-auth-name-error")).toHaveText("X-Qualifio-Signature is set by the hub itself; choose another header.");
    await expect(page.locator("#connector-url-error")).toHaveCount(0);
  });

  test("deleting asks for confirmation and removes it from the list", async ({ page }) => {
    const name = uniqueName("Short-lived");
    const list = new ConnectorsPage(page);
    await list.create(name);
    await new ConnectorPage(page).buttons.delete.click();
    const dialog = page.getByRole("alertdialog", { name: `Delete ${name}?` });
    await expect(dialog).toContainText("Its past deliveries stay in the event logs.");
    await dialog.getByRole("button", { name: "Delete connector" }).click();
    await expect(page).toHaveURL(/\/integrations\/connectors$/);
    await expect(list.row(name)).toHaveCount(0);
  });
});

test.describe("Integrations → Connectors (marketer)", () => {
  test("a marketer sees the connector read-only, without any secret or header value", async ({ browser }) => {
    const secret = uniqueSecret();
    // An admin sets up a connector with a URL, a secret and an auth header.
    const name = uniqueName("Shared CRM");
    const id = await as(browser, "admin", async (page) => {
      const created = await new ConnectorsPage(page).create(name);
      const connector = new ConnectorPage(page);
      await connector.fillGlobalVariables(globalVariables(secret));
      await connector.saveGlobalVariables();
      return created;
    });

    await as(browser, "marketer", async (page) => {
      const connector = new ConnectorPage(page);
      await connector.goto(id);
      await expect(connector.heading(name)).toBeVisible();
      await expect(connector.readOnlyNote).toContainText("Only admins can do this.");
      await expect(connector.active).toBeDisabled();
      await expect(connector.buttons.delete).toBeDisabled();
      await expect(connector.fields.name).toBeDisabled();
      await expect(connector.buttons.save).toBeDisabled();

      await connector.globalVariablesTab.click();
      await expect(connector.fields.notificationUrl).toBeDisabled();
      // Scheme and host only: notification URLs often carry a credential in the path or query.
      await expect(connector.fields.notificationUrl).toHaveValue("http://127.0.0.1:9/••••");
      await expect(connector.fields.webhookSecret).toBeDisabled();
      await expect(connector.fields.headerValue).toBeDisabled();
      await expect(connector.buttons.reveal).toBeDisabled();
      await expect(connector.buttons.rotate).toHaveCount(0);
      await connector.buttons.save.locator("..").hover();
      await expect(page.getByRole("tooltip")).toContainText("Only admins can do this.");

      // Neither the HTML (with its inline RSC payload), a client navigation's RSC payload nor the API carry a value.
      const html = await page.content();
      expect(html).not.toContain(secret);
      expect(html).not.toContain("e2e-token");
      const rsc = await page.request.get(`/integrations/connectors/${id}`, { headers: { RSC: "1" } });
      const payload = await rsc.text();
      expect(payload).toContain(name);
      expect(payload).not.toContain(secret);
      expect(payload).not.toContain("e2e-token");
      const api = await page.request.get(`/api/connectors/${id}`);
      expect(api.ok()).toBeTruthy();
      const body = await api.text();
      expect(body).not.toContain(secret);
      expect(body).not.toContain("e2e-token");
      expect(JSON.parse(body)).toMatchObject({ connector: { secret: { set: true, hint: null }, authHeader: { hasValue: true } } });
    });
  });

  test("a marketer's forced server action is refused and changes nothing", async ({ browser }) => {
    await as(browser, "admin", async (page) => {
      // Record the exact request the admin's browser sends to save Global variables…
      const id = await new ConnectorsPage(page).create(uniqueName("Forced"));
      const connector = new ConnectorPage(page);
      await connector.fillGlobalVariables({ url: "http://127.0.0.1:9/original" });
      const action = await captureServerAction(page, () => connector.buttons.save.click());
      await expect(page.getByText("Global variables saved.")).toBeVisible();

      // …then send it with the marketer's session, pointing the connector somewhere else.
      expect(await sendServerActionAs(browser, storage.marketer, action, action.body.replace("/original", "/hijacked"))).toContain("forbidden");

      const check = await page.request.get(`/api/connectors/${id}`);
      expect(await check.json()).toMatchObject({ connector: { notificationUrl: "http://127.0.0.1:9/original" } });
    });
  });
});
