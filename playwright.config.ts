import fs from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
/*
 * BASE_URL runs the specs against a hub that is already deployed (docs/qa.md): no local server is
 * started, and the accounts come from QA_* variables (e2e/fixtures.ts).
 */
const deployed = process.env.BASE_URL?.replace(/\/$/, "");
const baseURL = deployed || `http://127.0.0.1:${PORT}`;

/*
 * Playwright's own Chromium when it is installed (`npx playwright install chromium`); otherwise a
 * system Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) for machines that cannot
 * download browsers.
 */
function systemChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no bundled browser registered: fall through to the system one
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
}

const executablePath = systemChromium();

const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } };

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  // One app, one database: specs share the seeded admin, so they run one after another.
  workers: 1,
  forbidOnly: !!process.env.CI,
  // No retries, in CI either: a flaky spec has to show, not pass on its second try.
  retries: 0,
  reporter: process.env.CI ? [["list"], ["json"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: executablePath
      ? {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        }
      : {},
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: desktop, testIgnore: /qa-seed\.spec\.ts/, dependencies: ["setup"] },
    // Last: npm run qa:seed fills the hub with a scenario the other specs need not see.
    { name: "qa-seed", use: desktop, testMatch: /qa-seed\.spec\.ts/, dependencies: ["chromium"] },
  ],
  webServer: deployed
    ? undefined
    : {
        // A fresh embedded database for every run, seeded with the demo users. `exec` makes the server
        // the process Playwright stops, so no orphan keeps the port.
        command: `node scripts/e2e-reset.mjs && exec node scripts/server.mjs -p ${PORT} -H 127.0.0.1`,
        env: {
          DATA_DIR: `.data/e2e-${PORT}`,
          DATABASE_URL: "",
          APP_ENV: "test",
          SEED_DEMO: "true",
          // The sign-in limit's e2e test sends its own X-Forwarded-For, as a proxy in front would.
          TRUSTED_PROXY_HOPS: "1",
          // Two retries, then failed (instead of hours of retrying): Replay failed needs failed
          // deliveries, and 20 s still keeps a member's first event retrying while ordered-delivery looks.
          DELIVERY_RETRY_SCHEDULE: "2s,20s",
          NEXT_MANUAL_SIG_HANDLE: "true",
          ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
        },
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
        stderr: "pipe",
      },
});
