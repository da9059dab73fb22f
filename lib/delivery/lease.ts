import { sql } from "drizzle-orm";
import type { Db } from "@/db";

/*
 * Leases: a delivery being attempted has locked_until in the future and locked_by naming the
 * process. Claims use FOR UPDATE SKIP LOCKED so two processes never take the same row, and a
 * lease that runs out (the process died mid-request) makes the row claimable again: nothing is
 * lost, at worst a receiver sees the same X-Qualifio-Delivery twice. Leases use the database's
 * clock (clock_timestamp, not the caller's `now`): app hosts may disagree about the time, and a
 * claim that waited for a busy database must not start with part of its lease already spent.
 */

/** Default extra lease time beyond the connector's request timeout, for recording the attempt. */
export const LEASE_MARGIN_MS = 15_000;

type Claimed = { id: string; connectorId: string };

function rowsOf<T>(result: unknown): T[] {
  // node-postgres returns a QueryResult, PGlite a Results object: both carry `rows`.
  return (result as { rows: T[] }).rows;
}

/**
 * Claims up to `limit` due deliveries, never letting a connector exceed `maxInFlight` leased rows
 * across all processes. Connectors that are inactive or deleted are skipped (their deliveries wait
 * and resume when the connector is turned back on), except test deliveries, which an admin sends
 * on purpose, often before activating.
 */
export async function claimDueDeliveries(
  db: Db,
  owner: string,
  limit: number,
  maxInFlight: number,
  now: Date,
  leaseMarginMs = LEASE_MARGIN_MS,
): Promise<Claimed[]> {
  if (limit <= 0) return [];
  return db.transaction(async (tx) => {
    // One claimer at a time per database: the in-flight count below must not race another claim.
    await tx.execute(sql`select pg_advisory_xact_lock(72110401)`);
    const result = await tx.execute(sql`
      with busy as (
        select connector_id, count(*)::int as n from deliveries
        where status in ('pending', 'retrying') and locked_until > clock_timestamp()
        group by connector_id
      ),
      ranked as (
        select d.id, d.connector_id,
          row_number() over (partition by d.connector_id order by d.next_attempt_at, d.id) as rn,
          coalesce(b.n, 0) as busy,
          c.timeout_ms
        from deliveries d
        join connectors c on c.id = d.connector_id
        left join busy b on b.connector_id = d.connector_id
        where d.status in ('pending', 'retrying')
          and d.next_attempt_at <= ${now}
          and (d.locked_until is null or d.locked_until <= clock_timestamp())
          and c.deleted_at is null
          and c.notification_url is not null
          and (c.active or d.test)
      ),
      picked as (
        select id, timeout_ms from ranked
        where rn + busy <= least(${maxInFlight}, (select max_in_flight from connectors where id = ranked.connector_id))
        order by id
        limit ${limit}
      )
      update deliveries d
      set locked_until = clock_timestamp() + ((picked.timeout_ms + ${leaseMarginMs}) * interval '1 millisecond'),
          locked_by = ${owner}
      from picked
      where d.id = picked.id
      returning d.id, d.connector_id
    `);
    return rowsOf<{ id: string; connector_id: string }>(result).map((r) => ({ id: r.id, connectorId: r.connector_id }));
  });
}

/**
 * Claims one delivery for an attempt (Inngest runs, replays). False when another process holds an
 * unexpired lease on it. `force` also claims finished deliveries, for replays.
 */
export async function claimDelivery(
  db: Db,
  deliveryId: string,
  owner: string,
  now: Date,
  options: { force?: boolean; leaseMarginMs?: number } = {},
): Promise<boolean> {
  const force = options.force ?? false;
  const leaseMarginMs = options.leaseMarginMs ?? LEASE_MARGIN_MS;
  const result = await db.execute(sql`
    update deliveries d
    set locked_until = clock_timestamp() + ((c.timeout_ms + ${leaseMarginMs}) * interval '1 millisecond'),
        locked_by = ${owner}
    from connectors c
    where d.id = ${deliveryId} and c.id = d.connector_id
      and (d.locked_until is null or d.locked_until <= clock_timestamp())
      and (${force} or d.status in ('pending', 'retrying'))
    returning d.id
  `);
  return rowsOf(result).length === 1;
}

/** Gives a lease back without an attempt (shutdown before the request started). */
export async function releaseLease(db: Db, deliveryId: string, owner: string): Promise<void> {
  await db.execute(sql`update deliveries set locked_until = null, locked_by = null where id = ${deliveryId} and locked_by = ${owner}`);
}
