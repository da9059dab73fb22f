import "server-only";
import { and, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { auditLog } from "@/db/schema";
import { cursorAt, encodeCursor, escapeLike } from "@/lib/pagination/keyset";
import type { AuditFilters } from "./schemas";

const AUDIT_PAGE_SIZE = 50;

function conditions(f: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (f.entity) where.push(eq(auditLog.entityType, f.entity));
  if (f.actor === "system") where.push(isNull(auditLog.actorId));
  else if (f.actor) where.push(eq(auditLog.actorId, f.actor));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    where.push(or(ilike(auditLog.action, pattern), ilike(auditLog.summary, pattern))!);
  }
  if (f.from) where.push(sql`${auditLog.at} >= ${f.from}::date::timestamp at time zone 'UTC'`);
  if (f.to) where.push(sql`${auditLog.at} < (${f.to}::date + 1)::timestamp at time zone 'UTC'`);
  // Row comparison walks the (at desc, id desc) index from the cursor: no OFFSET, no skipped ties.
  if (f.before) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`);
  return where;
}

/** One page of entries, newest first, and the cursor of the next (older) page when there is one. */
export async function listAuditEntries(db: Queryable, filters: AuditFilters, limit = AUDIT_PAGE_SIZE) {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      cursorAt: cursorAt(auditLog.at),
      actorId: auditLog.actorId,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      summary: auditLog.summary,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .where(and(...conditions(filters)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map(({ cursorAt: _cursor, ...entry }) => entry);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { entries, nextCursor: last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
}
export type AuditEntryRow = Awaited<ReturnType<typeof listAuditEntries>>["entries"][number];

/** Entity types present in the log, for the filter (other domains add theirs as they write). */
export async function listAuditEntityTypes(db: Queryable): Promise<string[]> {
  const rows = await db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType);
  return rows.map((r) => r.entityType);
}
