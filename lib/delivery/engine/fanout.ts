import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "@/db";
import { executePrepared } from "@/db/client";
import { deliveries, events } from "@/db/schema";
import { filterMatches } from "@/lib/push-rules/filter-sql";
import { announceWork, parseWorkPayload } from "./announce";
import { rowsOf, uuidArray } from "@/db/sql";

/** The channel that tells every instance's local worker that new deliveries are due. */
export const WORK_CHANNEL = "hub_deliveries";

/**
 * The delivery rows for the events a preceding CTE named `ev` (id, program_id, type, test,
 * target_connector_id, member_id, member, data) produced: the program's push rules for the type select connectors, and each
 * active one gets a row; a test event goes to its target connector only. Unique per event and
 * connector, so planning twice creates nothing twice. Followed by a NOTIFY when anything was planned
 * (delivered at commit, so a worker never wakes for rows it cannot see yet).
 *
 * A rule with a Filter (lib/push-rules/filter.ts) selects only the events its predicate passes; a
 * rule without one costs only `filter_path is null`. The events a filter holds back from an active
 * connector are counted per rule and hour in `push_rule_skips` (`skipped`). That CTE is read by
 * nobody, so it runs after the main query, last, and it upserts in key order: two statements
 * counting the same rules never wait on each other in opposite orders.
 */
function planDeliveries(now: Date): SQL {
  const due = sql`${now.toISOString()}::timestamptz`;
  const passes = filterMatches(sql`evo.member`, sql`evo.data`, sql`r.filter_path`, sql`r.filter_vars`);
  // `ord` keeps the events' order, so a member's deliveries get their seq (member-ordered
  // connectors deliver in seq order) in the order the events came in, even within one batch.
  return sql`
    evo as (select ev.*, row_number() over () as ord from ev),
    planned as (
      insert into deliveries (event_id, connector_id, program_id, event_type, test, member_id, status, next_attempt_at)
      select x.event_id, x.connector_id, x.program_id, x.type, x.test, x.member_id, 'pending'::delivery_status, ${due}
      from (
        select evo.id as event_id, c.id as connector_id, evo.program_id, evo.type, evo.test, evo.ord,
          case when c.ordered_by_member then evo.member_id end as member_id
        from evo
        join push_rules r on r.program_id = evo.program_id and r.event_type = evo.type
          and (r.filter_path is null or ${passes})
        join connectors c on c.id = r.connector_id and c.active and c.deleted_at is null
        where evo.target_connector_id is null
        union all
        select evo.id, c.id, evo.program_id, evo.type, evo.test, evo.ord,
          case when c.ordered_by_member then evo.member_id end
        from evo
        join connectors c on c.id = evo.target_connector_id and c.deleted_at is null
      ) x
      order by x.ord
      on conflict do nothing
      returning connector_id
    ),
    skipped as (
      insert into push_rule_skips (program_id, event_type, connector_id, hour, skipped)
      select r.program_id, r.event_type, r.connector_id, date_trunc('hour', ${due}, 'UTC'), count(*)::int
      from push_rules r
      join evo on evo.program_id = r.program_id and evo.type = r.event_type and evo.target_connector_id is null
      join connectors c on c.id = r.connector_id and c.active and c.deleted_at is null
      where r.filter_path is not null and not ${passes}
      group by r.program_id, r.event_type, r.connector_id
      order by r.program_id, r.event_type, r.connector_id
      on conflict (program_id, event_type, connector_id, hour) do update set skipped = push_rule_skips.skipped + excluded.skipped
    ),
    announced as (
      select string_agg(distinct connector_id::text, ',') as connector_ids from planned
    ),
    notified as (
      select pg_notify(${WORK_CHANNEL}, connector_ids) from announced where connector_ids is not null
    )`;
}

/**
 * Runs `with ev as (<evQuery>), planned…` and returns the ids `ev` produced and the deliveries
 * planned, then tells this process's worker which connectors have new work. Run it outside a
 * transaction (one statement commits by itself), or the worker may look before the commit.
 */
export async function withPlannedDeliveries(
  db: Queryable,
  /** Names the prepared statement: one per `evQuery` text. */
  name: string,
  evQuery: SQL,
  now: Date,
): Promise<{ eventIds: string[]; planned: number }> {
  const [row] = rowsOf<{ event_ids: string[] | string | null; planned: number; connector_ids: string | null }>(
    await executePrepared(db, name, sql`
      with ev as (${evQuery}), ${planDeliveries(now)}
      select (select json_agg(id) from ev) as event_ids,
             (select count(*)::int from planned) as planned,
             (select connector_ids from announced) as connector_ids,
             (select count(*) from notified) as notified
    `),
  );
  announceWork(parseWorkPayload(row?.connector_ids ?? undefined));
  const ids = row?.event_ids;
  return { eventIds: typeof ids === "string" ? (JSON.parse(ids) as string[]) : (ids ?? []), planned: row?.planned ?? 0 };
}


/**
 * Plans the deliveries of these events, if not done yet, in one statement: marking an event fanned
 * out and planning its deliveries commit together, and the row lock of the marking update makes a
 * concurrent fan-out of the same event find it done. Returns how many deliveries were planned.
 */
export async function fanOutEvents(db: Queryable, eventIds: readonly string[], now = new Date()): Promise<number> {
  if (eventIds.length === 0) return 0;
  const { planned } = await withPlannedDeliveries(
    db,
    "hub_fan_out",
    sql`update events set fanned_out_at = ${now.toISOString()}::timestamptz
        where id = any(${uuidArray(eventIds)}) and fanned_out_at is null
        returning id, program_id, type, test, target_connector_id, member_id, member, data`,
    now,
  );
  return planned;
}

/**
 * Fans out one event and returns all its deliveries. Idempotent: an event already fanned out
 * returns its existing deliveries, so a driver that crashed half-way (or Inngest retrying the step)
 * creates nothing twice.
 */
export async function fanOutEvent(db: Db, eventId: string, now = new Date()): Promise<{ deliveryIds: string[]; created: number }> {
  const created = await fanOutEvents(db, [eventId], now);
  const all = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.eventId, eventId));
  return { deliveryIds: all.map((d) => d.id), created };
}

/** Events committed but not yet fanned out (received before `olderThan`), oldest first. */
export async function pendingFanOut(db: Db, limit: number, olderThan = new Date()): Promise<string[]> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(isNull(events.fannedOutAt), sql`${events.receivedAt} <= ${olderThan}`))
    .orderBy(events.receivedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
