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

/** Records one change; call it with the transaction that makes the change. */
export async function recordAudit(
  tx: Queryable,
  actor: Actor | null,
  entry: { action: string; entityType: string; entityId?: string | null; summary: string; changes?: Changes },
) {
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
