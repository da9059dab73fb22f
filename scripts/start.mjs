// `npm start`: build when the sources changed since the last build, then serve the app.
// Outside production (APP_ENV/NODE_ENV not "production") this is the embedded default: PGlite
// under .data/, generated local secrets, the demo users and the local delivery driver.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR || ".next";
const next = path.join(root, "node_modules/next/dist/bin/next");
const server = path.join(root, "scripts/server.mjs");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const buildId = path.join(root, distDir, "BUILD_ID");
const sources = ["app", "components", "lib", "db", "inngest", "public"].filter((d) => fs.existsSync(d));
const stale =
  !fs.existsSync(buildId) ||
  Math.max(...sources.map(newestMtime), fs.statSync("package-lock.json").mtimeMs) > fs.statSync(buildId).mtimeMs;

if (stale) {
  console.log("[hub] building the app (first start or sources changed)…");
  const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const appEnv = process.env.APP_ENV ?? (process.env.NODE_ENV === "production" ? "production" : "development");
const port = process.env.PORT ?? "3000";
// scripts/server.mjs picks the interface (HOST, or 127.0.0.1 outside production) and prints it.
console.log(`[hub] starting on http://localhost:${port} (${appEnv})`);
// scripts/server.mjs: Next.js, with POST /api/v1/events answered outside Next's request pipeline.
const child = spawn(process.execPath, [server, "-p", port], {
  stdio: "inherit",
  env: { ...process.env, APP_ENV: appEnv, NEXT_MANUAL_SIG_HANDLE: "true" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
