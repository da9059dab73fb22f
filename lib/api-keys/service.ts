import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, programs } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, recordAudit } from "@/lib/audit/service";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { generateApiKey, hashApiKey, looksLikeApiKey } from "./keys";
import { createApiKeySchema, revokeApiKeySchema } from "./schemas";

/** Creates a key and returns it in full: the only time it exists outside the caller's hands. */
export async function createApiKey(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "api-keys.write");
  const input = parseInput(createApiKeySchema, raw);
  const { key, keyHash, prefix } = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    // Shared lock: the program cannot be deleted under the new key.
    const [program] = await tx.select().from(programs).where(eq(programs.id, input.programId)).for("share");
    if (!program) throw new NotFoundError("Program");
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({ programId: program.id, label: input.label, prefix, keyHash, createdBy: ctx.actor.id })
      .returning({
        id: apiKeys.id,
        programId: apiKeys.programId,
        label: apiKeys.label,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
      });
    if (!apiKey) throw new Error("insert returned no row");
    await recordAudit(tx, ctx.actor, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: apiKey.id,
      summary: `Created API key "${apiKey.label}" (${prefix}…) for program ${program.name}`,
      changes: diff(null, { program: program.name, label: apiKey.label, prefix }),
    });
    return { apiKey, key };
  });
}

export async function revokeApiKey(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "api-keys.write");
  const input = parseInput(revokeApiKeySchema, raw);
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ key: apiKeys, programName: programs.name })
      .from(apiKeys)
      .innerJoin(programs, eq(programs.id, apiKeys.programId))
      .where(eq(apiKeys.id, input.id))
      .for("update", { of: apiKeys });
    if (!found) throw new NotFoundError("API key");
    const { key, programName } = found;
    if (key.revokedAt) return { id: key.id, programId: key.programId, revokedAt: key.revokedAt };
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(eq(apiKeys.id, key.id))
      .returning({ id: apiKeys.id, programId: apiKeys.programId, revokedAt: apiKeys.revokedAt });
    await recordAudit(tx, ctx.actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: key.id,
      summary: `Revoked API key "${key.label}" (${key.prefix}…) of program ${programName}`,
      changes: diff<{ revokedAt: string | null }>({ revokedAt: null }, { revokedAt: revoked!.revokedAt!.toISOString() }),
    });
    forgetApiKey(key.id);
    return revoked!;
  });
}

/** lastUsedAt is for people, so minute precision is enough and saves a write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * How long a process trusts a key it looked up. Ingest authenticates every request, and a lookup
 * costs as much as storing a small event, so keys are kept briefly. Revoking clears the revoking
 * process's copy at once; another instance may accept the key for at most this long.
 */
export const API_KEY_CACHE_MS = 2_000;

type CachedKey = { programId: string; apiKeyId: string; lastUsedAt: number | null; until: number };
const cacheKey = Symbol.for("integrations-hub.api-key-cache");
type Holder = { [cacheKey]?: Map<string, CachedKey> };
const keyCache = () => ((globalThis as Holder)[cacheKey] ??= new Map());

function forgetApiKey(apiKeyId: string) {
  const cache = keyCache();
  for (const [hash, entry] of cache) if (entry.apiKeyId === apiKeyId) cache.delete(hash);
}

/**
 * The program an ingest request speaks for, or null for a missing, malformed, unknown or revoked
 * key. Only the hash is looked up, so the key never reaches the database or its logs.
 */
export async function authenticateApiKey(
  db: Queryable,
  presentedKey: string | null | undefined,
  now = Date.now(),
): Promise<{ programId: string; apiKeyId: string } | null> {
  const candidate = presentedKey?.trim();
  if (!candidate || !looksLikeApiKey(candidate)) return null;
  const hash = hashApiKey(candidate);
  const cache = keyCache();
  let entry = cache.get(hash);
  if (!entry || entry.until <= now) {
    const [key] = await db
      .select({ id: apiKeys.id, programId: apiKeys.programId, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    if (!key) {
      cache.delete(hash);
      return null;
    }
    entry = { programId: key.programId, apiKeyId: key.id, lastUsedAt: key.lastUsedAt?.getTime() ?? null, until: now + API_KEY_CACHE_MS };
    cache.set(hash, entry);
  }
  if (entry.lastUsedAt === null || now - entry.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
    entry.lastUsedAt = now;
    // The guard in SQL keeps concurrent requests (and instances) from all writing the same minute.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, entry.apiKeyId),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
  }
  return { programId: entry.programId, apiKeyId: entry.apiKeyId };
}
