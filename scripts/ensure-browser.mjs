// Makes sure Playwright has a Chromium: its own (downloaded here when possible) or the system's.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";

const system = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
let bundled = "";
try {
  bundled = chromium.executablePath();
} catch {
  // not registered
}
if ((bundled && fs.existsSync(bundled)) || system.some((p) => fs.existsSync(p))) process.exit(0);

console.log("[e2e] no Chromium found: installing Playwright's own");
const result = spawnSync("npx", ["--yes", "playwright", "install", "chromium"], { stdio: "inherit" });
process.exit(result.status ?? 1);
