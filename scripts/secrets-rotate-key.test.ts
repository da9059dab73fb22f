import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { connectors } from "@/db/schema";
import { decryptSecret, encryptSecret, keyId } from "@/lib/crypto";

/* `npm run secrets:rotate-key` against an embedded database, as an operator runs it. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-rotate-key-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

function run(keys: { ENCRYPTION_KEY: Buffer; ENCRYPTION_KEY_PREVIOUS?: Buffer }) {
  return spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/secrets-rotate-key.ts"], {
    encoding: "utf8",
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      ENCRYPTION_KEY: keys.ENCRYPTION_KEY.toString("base64"),
      ENCRYPTION_KEY_PREVIOUS: keys.ENCRYPTION_KEY_PREVIOUS?.toString("base64") ?? "",
    },
  });
}

async function withDatabase<T>(work: (db: ReturnType<typeof openDatabase>["db"]) => Promise<T>): Promise<T> {
  const database = openDatabase({ dataDir: path.join(dataDir, "pglite") });
  try {
    await database.migrate();
    return await work(database.db);
  } finally {
    await database.close();
  }
}

describe("npm run secrets:rotate-key", () => {
  it("refuses a wrong previous key without changing anything, then re-encrypts under the new key", async () => {
    const id = await withDatabase(async (db) => {
      const [row] = await db.insert(connectors).values({ name: "Rotated" }).returning({ id: connectors.id });
      const secretEncrypted = encryptSecret("whsec_rotate-me", oldKey, `connectors.${row!.id}.secret`);
      await db.update(connectors).set({ secretEncrypted }).where(eq(connectors.id, row!.id));
      return row!.id;
    });
    const stored = () => withDatabase(async (db) => (await db.select().from(connectors).where(eq(connectors.id, id)))[0]!.secretEncrypted!);
    const before = await stored();

    const refused = run({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: randomBytes(32) });
    expect(refused.status, refused.stdout).toBe(1);
    expect(refused.stderr).toContain("nothing was changed");
    expect(refused.stderr).toContain(`connector ${id} secret: encrypted value was sealed with key id ${keyId(oldKey)}`);
    expect(await stored()).toBe(before);

    const rotated = run({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey });
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`re-encrypted 1 value(s) under key id ${keyId(newKey)}: 1 sealed with key id ${keyId(oldKey)}`);
    expect(rotated.stdout + rotated.stderr).not.toContain("whsec_rotate-me");
    const after = await stored();
    expect(decryptSecret(after, newKey, `connectors.${id}.secret`)).toBe("whsec_rotate-me");
    expect(() => decryptSecret(after, oldKey, `connectors.${id}.secret`)).toThrow();
  }, 60_000);
});
