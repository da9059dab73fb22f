import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditLog } from "@/db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { countActiveApiKeys, listApiKeys } from "./queries";
import { API_KEY_CACHE_MS, authenticateApiKey, createApiKey, revokeApiKey } from "./service";

const database = useTestDatabase();
const db = () => database().db;

async function rawRow(id: string) {
  const result = (await db().execute(sql`select * from api_keys where id = ${id}`)) as { rows: Record<string, unknown>[] };
  return result.rows[0]!;
}

async function lastUsedAt(id: string) {
  const [row] = await db().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id));
  return row?.at ?? null;
}

async function newKey(label = "Backend") {
  const ctx = await makeCtx(db(), "admin");
  const program = await makeProgram(db());
  const created = await createApiKey(ctx, { programId: program.id, label });
  return { ctx, program, ...created };
}

describe("createApiKey", () => {
  it("returns the full key once and stores only its SHA-256", async () => {
    const { ctx, program, apiKey, key } = await newKey("  Production backend ");
    expect(key).toMatch(/^ihk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ programId: program.id, label: "Production backend", prefix: key.slice(0, 12) });
    const row = await rawRow(apiKey.id);
    expect(row.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    const listed = await listApiKeys(db(), program.id);
    expect(listed).toEqual([
      expect.objectContaining({ id: apiKey.id, prefix: key.slice(0, 12), createdByEmail: ctx.actor.email, revokedAt: null }),
    ]);
    expect(listed[0]).not.toHaveProperty("keyHash");
  });

  it("records the creation without the key", async () => {
    const { ctx, program, apiKey, key } = await newKey();
    const entries = await db().select().from(auditLog).where(eq(auditLog.entityId, apiKey.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "api_key.created", entityType: "api_key", actorId: ctx.actor.id });
    expect(entries[0]?.summary).toContain(program.name);
    expect(JSON.stringify(entries)).not.toContain(key.slice(12));
  });

  it("answers a bad label or program next to the field", async () => {
    const ctx = await makeCtx(db(), "admin");
    const program = await makeProgram(db());
    const error = await createApiKey(ctx, { programId: "x", label: " " }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ programId: ["Unknown program."], label: ["Enter a label."] });
    const long = await createApiKey(ctx, { programId: program.id, label: "l".repeat(101) }).catch((e: unknown) => e);
    expect((long as ValidationError).fieldErrors).toEqual({ label: ["Use at most 100 characters."] });
    await expect(createApiKey(ctx, { programId: crypto.randomUUID(), label: "Ghost" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listApiKeys(db(), program.id)).toHaveLength(0);
  });

  it("refuses a marketer and writes nothing", async () => {
    const ctx = await makeCtx(db(), "marketer");
    const program = await makeProgram(db());
    await expect(createApiKey(ctx, { programId: program.id, label: "Sneaky" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await listApiKeys(db(), program.id)).toHaveLength(0);
  });
});

describe("revokeApiKey", () => {
  it("revokes once, records it, and the key stops working at once", async () => {
    const { ctx, apiKey, key } = await newKey();
    expect(await authenticateApiKey(db(), key)).not.toBeNull();
    const revoked = await revokeApiKey(ctx, { id: apiKey.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(db(), key)).toBeNull();
    await revokeApiKey(ctx, { id: apiKey.id });
    const entries = await db().select().from(auditLog).where(eq(auditLog.entityId, apiKey.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
    expect(entries.find((e) => e.action === "api_key.revoked")?.changes).toMatchObject({
      revokedAt: { before: null, after: revoked.revokedAt!.toISOString() },
    });
  });

  it("validates the id, reports an unknown key and refuses a marketer", async () => {
    const { apiKey, key } = await newKey();
    const admin = await makeCtx(db(), "admin");
    await expect(revokeApiKey(admin, { id: "nope" })).rejects.toBeInstanceOf(ValidationError);
    await expect(revokeApiKey(admin, { id: crypto.randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    const marketer = await makeCtx(db(), "marketer");
    await expect(revokeApiKey(marketer, { id: apiKey.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await authenticateApiKey(db(), key)).not.toBeNull();
  });
});

describe("authenticateApiKey", () => {
  it("accepts a fresh key for its program and notes when it was used", async () => {
    const { program, apiKey, key } = await newKey();
    expect(await lastUsedAt(apiKey.id)).toBeNull();
    expect(await authenticateApiKey(db(), key)).toEqual({ programId: program.id, apiKeyId: apiKey.id });
    expect(await lastUsedAt(apiKey.id)).toBeInstanceOf(Date);
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { apiKey, key } = await newKey();
    await authenticateApiKey(db(), key);
    const first = await lastUsedAt(apiKey.id);
    await authenticateApiKey(db(), key);
    expect(await lastUsedAt(apiKey.id)).toEqual(first);

    await db().update(apiKeys).set({ lastUsedAt: sql`now() - interval '2 minutes'` }).where(eq(apiKeys.id, apiKey.id));
    const stale = await lastUsedAt(apiKey.id);
    // Two minutes on, as this process sees it (its short-lived copy of the key has expired too).
    await authenticateApiKey(db(), key, Date.now() + 120_000);
    expect((await lastUsedAt(apiKey.id))!.getTime()).toBeGreaterThan(stale!.getTime());
  });

  it("rejects unknown, malformed and missing keys", async () => {
    const { key } = await newKey();
    const unknown = `ihk_${"A".repeat(43)}`;
    for (const presented of [unknown, key.slice(0, -1), `${key}x`, key.slice(4), "", null, undefined]) {
      expect(await authenticateApiKey(db(), presented)).toBeNull();
    }
  });
});

describe("authenticateApiKey's cache", () => {
  it("answers from memory for a moment, and forgets a key the moment it is revoked here", async () => {
    const { ctx, apiKey, key } = await newKey();
    expect(await authenticateApiKey(db(), key)).not.toBeNull();
    // Revoked behind this process's back (another instance): still trusted within the cache window…
    await db().update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, apiKey.id));
    expect(await authenticateApiKey(db(), key)).not.toBeNull();
    // …and refused once it runs out.
    expect(await authenticateApiKey(db(), key, Date.now() + API_KEY_CACHE_MS + 1)).toBeNull();

    const other = await createApiKey(ctx, { programId: apiKey.programId, label: "Second" });
    expect(await authenticateApiKey(db(), other.key)).not.toBeNull();
    await revokeApiKey(ctx, { id: other.apiKey.id });
    expect(await authenticateApiKey(db(), other.key)).toBeNull();
  });
});

describe("countActiveApiKeys", () => {
  it("counts only unrevoked keys", async () => {
    const { ctx, program, apiKey } = await newKey();
    await createApiKey(ctx, { programId: program.id, label: "Second" });
    await revokeApiKey(ctx, { id: apiKey.id });
    expect((await countActiveApiKeys(db())).get(program.id)).toBe(1);
  });
});
