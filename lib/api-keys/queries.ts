import "server-only";
import { count, desc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, users } from "@/db/schema";

/** A program's keys as the Programs screen shows them: never the hash. */
export function listApiKeys(db: Queryable, programId: string) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      label: apiKeys.label,
      createdAt: apiKeys.createdAt,
      createdByEmail: users.email,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.programId, programId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Active (unrevoked) keys per program id. */
export async function countActiveApiKeys(db: Queryable): Promise<Map<string, number>> {
  const rows = await db
    .select({ programId: apiKeys.programId, n: count() })
    .from(apiKeys)
    .where(isNull(apiKeys.revokedAt))
    .groupBy(apiKeys.programId);
  return new Map(rows.map((r) => [r.programId, r.n]));
}
