import "server-only";
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Queryable } from "@/db";
import { connectors, deliveries, events, programs, type DeliveryStatus, type Role } from "@/db/schema";
import { visibleError } from "@/lib/connectors/visibility";
import { waitingForEarlier } from "@/lib/delivery/engine/lease";
import { eventTypeLabel } from "@/lib/events/types";
import { cursorAt, decodeCursor, encodeCursor, escapeLike } from "@/lib/pagination/keyset";
import { bucketStart, resolveRange, unitMs, type BucketUnit, type EventLogFilters, type ResolvedRange } from "./schemas";

const PAGE_SIZE = 50;
/** Most rows the live head may hold once older pages are loaded (see `through`). */
const MAX_HEAD_ROWS = 500;

// NULLS LAST as in the indexes (drizzle's .desc()): a plain DESC (nulls first) could not walk them.
const keyOrder = [sql`${deliveries.createdAt} desc nulls last`, sql`${deliveries.id} desc nulls last`];
const keyRow = sql`(${deliveries.createdAt}, ${deliveries.id})`;

const qb = new QueryBuilder();
const searched = alias(deliveries, "searched");

/**
 * The search box: a member id (exact), a member email (prefix, case-insensitive), an event id or a
 * delivery id. Written as a subquery of ids so Postgres can resolve it from the events indexes
 * first and then fetch only the matching deliveries, instead of filtering the whole log row by row.
 */
function searchCondition(q: string): SQL {
  const isUuid = z.uuid().safeParse(q).success;
  const matchingEvents = qb
    .select({ id: events.id })
    .from(events)
    .where(
      or(
        eq(events.memberId, q),
        sql`lower(${events.memberEmail}) like ${`${escapeLike(q.toLowerCase())}%`}`,
        isUuid ? eq(events.id, q) : undefined,
      ),
    );
  if (!isUuid) return inArray(deliveries.eventId, matchingEvents);
  const byDelivery = qb.select({ id: searched.id }).from(searched).where(eq(searched.id, q));
  const byEvent = qb.select({ id: searched.id }).from(searched).where(inArray(searched.eventId, matchingEvents));
  return inArray(deliveries.id, byDelivery.unionAll(byEvent));
}

function conditions(filters: EventLogFilters, range: ResolvedRange, closeRange: boolean): SQL[] {
  const where: SQL[] = [gte(deliveries.createdAt, range.from)];
  if (closeRange || !range.openEnded) where.push(lte(deliveries.createdAt, range.to));
  if (filters.status.length) where.push(inArray(deliveries.status, filters.status));
  if (filters.event.length) where.push(inArray(deliveries.eventType, filters.event));
  if (filters.connector) where.push(eq(deliveries.connectorId, filters.connector));
  if (filters.program) where.push(eq(deliveries.programId, filters.program));
  if (filters.q) where.push(searchCondition(filters.q));
  return where;
}

export type DeliveryLogRow = {
  id: string;
  eventId: string;
  /** ISO-8601; the list's time column. */
  createdAt: string;
  eventType: string;
  eventLabel: string;
  programId: string;
  programName: string | null;
  connectorId: string;
  connectorName: string;
  connectorDeleted: boolean;
  memberId: string;
  memberEmail: string | null;
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: number;
  durationMs: number | null;
  test: boolean;
  /** Member-ordered connector: the member's earlier delivery this one waits for (null: not waiting). */
  waitingForDeliveryId: string | null;
};

export type DeliveryLogPage = {
  rows: DeliveryLogRow[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  nextCursor: string | null;
  /** `through` only: more rows are newer than the anchor than fit in one response. */
  truncated: boolean;
};

export type PageRequest = {
  /** Rows strictly older than this cursor ("Load older"). */
  before?: string | null;
  /**
   * Every row from the newest down to and including this cursor: the live head once older pages
   * are shown, so rows arriving on top never push one into a gap between the head and page two.
   */
  through?: string | null;
  limit?: number;
};

/**
 * One page of the log as the role may see it, newest first by (created_at, id), with keyset
 * pagination: never OFFSET.
 */
export async function listDeliveries(
  db: Queryable,
  role: Role,
  filters: EventLogFilters,
  page: PageRequest = {},
  now = new Date(),
): Promise<DeliveryLogPage> {
  const through = page.through ? decodeCursor(page.through, "through") : null;
  const before = page.before ? decodeCursor(page.before, "before") : null;
  const limit = through ? MAX_HEAD_ROWS : Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 1000);
  const where = conditions(filters, resolveRange(filters, now), false);
  if (before) where.push(sql`${keyRow} < (${before.at}::timestamptz, ${before.id}::uuid)`);
  if (through) where.push(sql`${keyRow} >= (${through.at}::timestamptz, ${through.id}::uuid)`);

  const found = await db
    .select({
      id: deliveries.id,
      cursorAt: cursorAt(deliveries.createdAt),
      eventId: deliveries.eventId,
      createdAt: deliveries.createdAt,
      eventType: deliveries.eventType,
      programId: deliveries.programId,
      programName: programs.name,
      connectorId: deliveries.connectorId,
      connectorName: connectors.name,
      connectorDeletedAt: connectors.deletedAt,
      notificationUrl: connectors.notificationUrl,
      memberId: events.memberId,
      memberEmail: events.memberEmail,
      status: deliveries.status,
      nextAttemptAt: deliveries.nextAttemptAt,
      lastStatusCode: deliveries.lastStatusCode,
      lastError: deliveries.lastError,
      attempts: deliveries.attemptCount,
      durationMs: deliveries.lastDurationMs,
      test: deliveries.test,
      waitingForDeliveryId: waitingForEarlier(),
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
    .leftJoin(programs, eq(programs.id, deliveries.programId))
    .where(and(...where))
    .orderBy(...keyOrder)
    .limit(limit + 1);

  const more = found.length > limit;
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return {
    rows: rows.map(({ cursorAt: _cursor, connectorDeletedAt, createdAt, nextAttemptAt, lastError, notificationUrl, ...row }) => ({
      ...row,
      lastError: visibleError(role, lastError, { url: notificationUrl }),
      createdAt: createdAt.toISOString(),
      nextAttemptAt: row.status === "retrying" || row.status === "pending" ? (nextAttemptAt?.toISOString() ?? null) : null,
      eventLabel: eventTypeLabel(row.eventType),
      connectorDeleted: connectorDeletedAt !== null,
    })),
    nextCursor: more && last && !through ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
    truncated: !!through && more,
  };
}

type Outcomes = { succeeded: number; failed: number; inProgress: number };
export type StatsBucket = Outcomes & { start: string };
type ConnectorRate = {
  connectorId: string;
  name: string;
  deleted: boolean;
  succeeded: number;
  failed: number;
  inProgress: number;
  /** succeeded / (succeeded + failed); null while nothing has finished. */
  successRate: number | null;
};
export type DeliveryStats = {
  from: string;
  to: string;
  unit: BucketUnit;
  buckets: StatsBucket[];
  totals: Outcomes;
  connectors: ConnectorRate[];
};

const outcomeCounts = {
  succeeded: sql<number>`count(*) filter (where ${deliveries.status} = 'succeeded')::int`,
  failed: sql<number>`count(*) filter (where ${deliveries.status} = 'failed')::int`,
  inProgress: sql<number>`count(*) filter (where ${deliveries.status} in ('pending', 'retrying'))::int`,
};

/**
 * The chart above the list: deliveries of the chosen range per time bucket, by outcome, and the
 * success rate per connector. Always bounded by the range (an index range scan), never the table.
 */
export async function deliveryStats(db: Queryable, filters: EventLogFilters, now = new Date()): Promise<DeliveryStats> {
  const range = resolveRange(filters, now);
  // One pass over the range, grouped by (bucket, connector): both views are summed from it below.
  // The unit is one of three literals, inlined so the select and the group by are the same expression.
  const bucket = sql`date_trunc('${sql.raw(range.unit)}', ${deliveries.createdAt} at time zone 'UTC')`;
  const groups = await db
    .select({
      bucketMs: sql<number>`(extract(epoch from ${bucket}) * 1000)::float8`,
      connectorId: deliveries.connectorId,
      ...outcomeCounts,
    })
    .from(deliveries)
    .where(and(...conditions(filters, range, true)))
    .groupBy(bucket, deliveries.connectorId);
  const connectorIds = [...new Set(groups.map((g) => g.connectorId))];
  const names = connectorIds.length
    ? await db
        .select({ id: connectors.id, name: connectors.name, deletedAt: connectors.deletedAt })
        .from(connectors)
        .where(inArray(connectors.id, connectorIds))
    : [];

  const zero = (): Outcomes => ({ succeeded: 0, failed: 0, inProgress: 0 });
  const add = (sum: Outcomes, g: Outcomes) => {
    sum.succeeded += g.succeeded;
    sum.failed += g.failed;
    sum.inProgress += g.inProgress;
  };
  const slot = <K>(map: Map<K, Outcomes>, key: K) => {
    let sum = map.get(key);
    if (!sum) map.set(key, (sum = zero()));
    return sum;
  };
  const byBucket = new Map<number, Outcomes>();
  const byConnector = new Map<string, Outcomes>();
  for (const g of groups) {
    add(slot(byBucket, g.bucketMs), g);
    add(slot(byConnector, g.connectorId), g);
  }

  const buckets: StatsBucket[] = [];
  const totals = zero();
  for (let t = bucketStart(range.from, range.unit).getTime(); t <= range.to.getTime(); t += unitMs[range.unit]) {
    const counts = byBucket.get(t) ?? zero();
    add(totals, counts);
    buckets.push({ start: new Date(t).toISOString(), ...counts });
  }
  const rates = names.map(({ id, name, deletedAt }) => {
    const counts = byConnector.get(id) ?? zero();
    const finished = counts.succeeded + counts.failed;
    return { connectorId: id, name, deleted: deletedAt !== null, ...counts, successRate: finished ? counts.succeeded / finished : null };
  });
  rates.sort((a, b) => a.name.localeCompare(b.name) || a.connectorId.localeCompare(b.connectorId));
  return { from: range.from.toISOString(), to: range.to.toISOString(), unit: range.unit, buckets, totals, connectors: rates };
}

/** The Connector and Program selects: deleted connectors too, their deliveries are still in the log. */
export async function listLogFilterOptions(db: Queryable) {
  const [connectorRows, programRows] = await Promise.all([
    db
      .select({ id: connectors.id, name: connectors.name, deleted: sql<boolean>`${connectors.deletedAt} is not null` })
      .from(connectors)
      .orderBy(sql`${connectors.deletedAt} is not null`, asc(sql`lower(${connectors.name})`), asc(connectors.id)),
    db.select({ id: programs.id, name: programs.name }).from(programs).orderBy(asc(programs.name), asc(programs.id)),
  ]);
  return { connectors: connectorRows, programs: programRows };
}
export type LogFilterOptions = Awaited<ReturnType<typeof listLogFilterOptions>>;

/** Whether any connector was ever set up: the log's first empty state points to setting one up. */
export async function hasAnyConnector(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ id: connectors.id }).from(connectors).limit(1);
  return !!row;
}

/** Every row of the filtered view, oldest pages fetched last, `batch` rows at a time (for the CSV export). */
export async function* iterateDeliveries(db: Queryable, role: Role, filters: EventLogFilters, batch = 1000, now = new Date()) {
  let before: string | null = null;
  do {
    const page: DeliveryLogPage = await listDeliveries(db, role, filters, { before, limit: batch }, now);
    yield page.rows;
    before = page.nextCursor;
  } while (before);
}
