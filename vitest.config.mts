import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside a React Server Components bundle; tests import server modules directly.
      "server-only": path.join(root, "test/support/server-only-stub.ts"),
    },
  },
  test: {
    exclude: ["node_modules/**", "e2e/**", ".next*/**", ".data/**"],
    // CI also writes a JSON report for its closing summary line.
    reporters: process.env.VITEST_JSON ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON ? { json: process.env.VITEST_JSON } : undefined,
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One run, two environments: units and integration tests in Node, client components and hooks in jsdom.
    projects: [
      { extends: true, test: { name: "node", include: ["**/*.test.ts"], environment: "node" } },
      {
        extends: true,
        test: { name: "dom", include: ["components/**/*.test.tsx"], environment: "jsdom", setupFiles: ["test/support/dom-setup.ts"] },
      },
    ],
  },
});
