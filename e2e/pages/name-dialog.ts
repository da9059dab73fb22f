import { expect, type Locator, type Page } from "@playwright/test";

/** The one-field dialogs (Set up an integration, New program): opener → Name → submit → the new thing's page. */
export async function createByName(page: Page, opener: Locator, dialog: Locator, submit: string, name: string) {
  await opener.click();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: submit }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
