import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ADMIN, storage } from "./fixtures";
import { InboxPage } from "./pages/inbox";

/*
 * `npm run qa:seed` against the running hub, as a QA engineer runs it, then what its scenario shows:
 * the flaky inbox's 500s next to its 200s. It runs last (its own Playwright project), since it fills
 * the hub with programs, connectors and a few dozen events that the other specs need not see.
 */
test.describe("npm run qa:seed", () => {
  test.use({ storageState: storage.admin });

  test("builds the scenario on the running hub and it shows in Testing → Inbox", async ({ page, baseURL }) => {
    // Building, ingesting and waiting for the flaky inbox's first 500 before the replay takes a while.
    test.slow();
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const args = ["scripts/qa-seed.ts", "--url", baseURL!, "--email", ADMIN.email, "--password", ADMIN.password, "--events", "30"];
    const { stdout } = await promisify(execFile)(tsx, args, { timeout: 150_000 });
    expect(stdout).toContain("[qa:seed] 30 events accepted");
    expect(stdout).toMatch(/\[qa:seed\] replayed delivery [0-9a-f-]{36} with Resend/);

    const inbox = new InboxPage(page);
    await inbox.open("QA seed: Flaky webhook (fails every 3rd request)");
    await expect(inbox.requests.filter({ hasText: "Answered 500" }).first()).toBeVisible();
    await expect(inbox.requests.filter({ hasText: "Answered 200" }).first()).toBeVisible();

    // A second run is refused rather than doubling the scenario.
    const second = await promisify(execFile)(tsx, args, { timeout: 60_000 }).catch((error: { code: number; stderr: string }) => error);
    expect("code" in second ? second.code : 0).toBe(1);
    expect("stderr" in second ? second.stderr : "").toContain("qa:seed has already run on this hub");
  });
});
