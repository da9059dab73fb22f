import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authenticate } from "@/lib/auth/credentials";

/* The production bootstrap: `npm run user:create` against an empty embedded database. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-user-create-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/user-create.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
  });
}

describe("npm run user:create", () => {
  it("creates an admin with a generated password it prints once, and refuses bad or duplicate input", async () => {
    const created = run("--email", "Ops@Example.com", "--role", "admin");
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain("created admin ops@example.com");
    const password = /password \(shown once\): (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeTruthy();

    const again = run("--email", "ops@example.com");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("A user with this email already exists.");
    const bad = run("--email", "not-an-email", "--role", "owner");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--email: Enter a valid email address.");
    expect(bad.stderr).toContain("--role: Choose a role.");

    const database = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    try {
      await expect(authenticate(database.db, "ops@example.com", password!)).resolves.toMatchObject({ role: "admin" });
    } finally {
      await database.close();
    }
  }, 60_000);
});
