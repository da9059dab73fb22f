import { eq, sql } from "drizzle-orm";
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { REDACTED } from "@/lib/redacted";

export type Changes = Record<string, { before: unknown; after: unknown }>;

/**
 * Before/after of the fields that differ. Fields named in `secret` are recorded as changed but
 * never with their values.
 */
export function diff<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  secret: readonly string[] = [],
): Changes {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Changes = {};
  for (const k of keys) {
    const b = before?.[k];
    const a = after?.[k];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[k] = secret.includes(k)
      ? { before: b == null ? null : REDACTED, after: a == null ? null : REDACTED }
      : { before: b ?? null, after: a ?? null };
  }
  return changes;
}

type AuditEntry = { action: string; entityType: string; entityId?: string | null; summary: string; changes?: Changes };

/** Records one change; call it with the transaction that makes the change. */
export async function recordAudit(tx: Queryable, actor: Actor | null, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? "system",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: entry.summary,
    changes: entry.changes && Object.keys(entry.changes).length ? entry.changes : null,
  });
}

/** A table of entities: rows with a uuid `id`, the id their audit entries name. */
type EntityTable = PgTable & { id: PgColumn };

/** Inserts one entity row and records its creation, in the caller's transaction. */
export async function insertAudited<T extends EntityTable>(
  tx: Queryable,
  actor: Actor | null,
  table: T,
  values: PgInsertValue<T>,
  entry: (row: T["$inferSelect"]) => Omit<AuditEntry, "entityId">,
): Promise<T["$inferSelect"]> {
  const [row] = (await tx.insert(table).values(values).returning()) as T["$inferSelect"][];
  if (!row) throw new Error("insert returned no row");
  await recordAudit(tx, actor, { ...entry(row), entityId: (row as { id: string }).id });
  return row;
}

/**
 * Updates one entity row, stamping updated_at, and records the change, in the caller's
 * transaction (which holds the row's lock). Returns the updated row.
 */
export async function updateAudited<T extends EntityTable & { updatedAt: PgColumn }>(
  tx: Queryable,
  actor: Actor | null,
  table: T,
  id: string,
  values: PgUpdateSetSource<T>,
  entry: Omit<AuditEntry, "entityId">,
): Promise<T["$inferSelect"]> {
  const [row] = (await tx
    .update(table)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(table.id, id))
    .returning()) as T["$inferSelect"][];
  await recordAudit(tx, actor, { ...entry, entityId: id });
  return row!;
}
