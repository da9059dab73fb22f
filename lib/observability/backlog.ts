import { sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { rowsOf } from "@/db/sql";

/**
 * Counts stop here: a scrape during an outage must stay cheap however far the backlog has grown,
 * and past this the oldest due delivery's age says more than the count.
 */
const BACKLOG_COUNT_CAP = 100_000;
const cap = sql.raw(String(BACKLOG_COUNT_CAP));

/**
 * Seconds since the oldest open delivery fell due, or null when none is due. Bounded by now(), not
 * clock_timestamp() as the claim is: a volatile bound is no index condition, and the due count
 * would walk every open delivery instead of the due ones.
 */
const oldestDueAge = sql`(
  select extract(epoch from now() - min(next_attempt_at))::float8
  from deliveries
  where status in ('pending', 'retrying') and next_attempt_at <= now()
)`;

/**
 * How long the longest-waiting due delivery has been due, in seconds (0 when nothing is due). The
 * first entry of the partial index on open deliveries' next_attempt_at (deliveries_due_idx): one
 * index probe, however many rows the table holds.
 */
export async function oldestDueAgeSeconds(db: Queryable): Promise<number> {
  const [row] = rowsOf<{ age: number | string | null }>(await db.execute(sql`select ${oldestDueAge} as age`));
  return Math.max(0, Number(row?.age ?? 0));
}

export type Backlog = { due: number; retrying: number; oldestDueAgeSeconds: number };

/**
 * The delivery backlog, for the metrics scrape. Only open deliveries are read, from indexes that
 * hold nothing else or start with the status (deliveries_due_idx, deliveries_status_created_idx):
 * the finished deliveries that make up nearly all of the table are never visited. Each count stops
 * at BACKLOG_COUNT_CAP.
 */
export async function backlog(db: Queryable): Promise<Backlog> {
  const [row] = rowsOf<{ due: number | string; retrying: number | string; age: number | string | null }>(
    await db.execute(sql`
      select
        (select count(*) from (
          select 1 from deliveries
          where status in ('pending', 'retrying') and next_attempt_at <= now()
          limit ${cap}
        ) d) as due,
        (select count(*) from (
          select 1 from deliveries where status = 'retrying' limit ${cap}
        ) r) as retrying,
        ${oldestDueAge} as age
    `),
  );
  return { due: Number(row?.due ?? 0), retrying: Number(row?.retrying ?? 0), oldestDueAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}
