// Gives Playwright's web server a fresh embedded database: removes the DATA_DIR of the last run.
import fs from "node:fs";
import path from "node:path";

const dataDir = process.env.DATA_DIR;
if (!dataDir || !path.resolve(dataDir).includes(`${path.sep}.data${path.sep}e2e-`)) {
  console.error("e2e-reset: DATA_DIR must be a .data/e2e-* directory");
  process.exit(1);
}
fs.rmSync(dataDir, { recursive: true, force: true });
