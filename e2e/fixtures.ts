import { randomBytes } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { Shell } from "./pages/shell";

/*
 * Who the specs sign in as. Locally, the demo users the e2e server seeds; against a deployed hub
 * (BASE_URL, see docs/qa.md), the QA accounts from the environment.
 */
export const ADMIN = {
  email: process.env.QA_ADMIN_EMAIL || "admin@example.com",
  password: process.env.QA_ADMIN_PASSWORD || "admin-demo-password",
  name: process.env.QA_ADMIN_NAME || "Ada Admin",
};
export const MARKETER = {
  email: process.env.QA_MARKETER_EMAIL || "marketer@example.com",
  password: process.env.QA_MARKETER_PASSWORD || "marketer-demo-password",
};

/** A program the specs add rules to and send test events for: the demo seed's, or QA_PROGRAM's. */
export const PROGRAM = process.env.QA_PROGRAM || "Coffee Club Rewards";

/** One stored login per role, written by auth.setup.ts. */
export const storage = { admin: "e2e/.auth/admin.json", marketer: "e2e/.auth/marketer.json" } as const;

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.example`;
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(who);
  await expect(new Shell(page).currentUser).toContainText(who.email);
}

/** Runs `run` in a fresh browser context signed in as `role`, closed afterwards whatever happens. */
export async function as<T>(browser: Browser, role: keyof typeof storage, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: storage[role] });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}
