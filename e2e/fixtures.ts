import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "admin-demo-password", name: "Ada Admin" };
export const MARKETER = { email: "marketer@example.com", password: "marketer-demo-password", name: "Mia Marketer" };

/** One stored login per role, written by auth.setup.ts. */
export const storage = { admin: "e2e/.auth/admin.json", marketer: "e2e/.auth/marketer.json" } as const;

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.example`;
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(who.email);
}
