import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db";
import { pushRuleSkips } from "@/db/schema";

const HOUR_MS = 3_600_000;

/** Hourly skip counters are kept this long: enough for "skipped in the last 24 hours". */
const SKIP_COUNTS_KEPT_MS = 2 * 24 * HOUR_MS;

/** The start of `at`'s hour (UTC), as the ingest statement buckets its counts. */
function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * Events each of a program's filters skipped in the last 24 hours, keyed by rule
 * (`eventType|connectorId`): the current hour's bucket and the 23 before it.
 */
export async function skippedLastDay(db: Queryable, programId: string, now = new Date()): Promise<Map<string, number>> {
  const since = new Date(hourOf(now).getTime() - 23 * HOUR_MS);
  const rows = await db
    .select({
      eventType: pushRuleSkips.eventType,
      connectorId: pushRuleSkips.connectorId,
      skipped: sql<number>`sum(${pushRuleSkips.skipped})::int`,
    })
    .from(pushRuleSkips)
    .where(and(eq(pushRuleSkips.programId, programId), gte(pushRuleSkips.hour, since)))
    .groupBy(pushRuleSkips.eventType, pushRuleSkips.connectorId);
  return new Map(rows.map((r) => [`${r.eventType}|${r.connectorId}`, Number(r.skipped)]));
}

/** Deletes skip counters older than {@link SKIP_COUNTS_KEPT_MS}; the retention job calls it. Returns how many. */
export async function pruneSkipCounts(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(pushRuleSkips)
    .where(lt(pushRuleSkips.hour, new Date(now.getTime() - SKIP_COUNTS_KEPT_MS)))
    .returning({ hour: pushRuleSkips.hour });
  return deleted.length;
}
