import { test as setup } from "@playwright/test";
import { ADMIN, MARKETER, signIn, storage } from "./fixtures";

setup("store the admin's login", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.context().storageState({ path: storage.admin });
});

setup("store the marketer's login", async ({ page }) => {
  await signIn(page, MARKETER);
  await page.context().storageState({ path: storage.marketer });
});
