import { sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db";
import { executePrepared } from "@/db/client";
import { rowsOf, uuidArray } from "@/db/sql";
import type { DeliveryStatus } from "@/db/schema";

/*
 * Leases: a delivery being attempted has a row in delivery_leases, naming the process (`owner`)
 * and when the lease runs out (`expires_at`). Claims lock the delivery FOR UPDATE SKIP LOCKED so two
 * processes never take the same row, and a lease that runs out (the process died mid-request)
 * makes the delivery claimable again: nothing is lost, at worst a receiver sees the same
 * X-Qualifio-Delivery twice. Leases use the database's clock (clock_timestamp, not the caller's
 * `now`): app hosts may disagree about the time, and a claim that waited for a busy database must
 * not start with part of its lease already spent. Recording an attempt removes its lease.
 *
 * A connector's "max requests in flight" holds across processes and engines because it is counted
 * here, in leases, under a per-connector advisory lock: whoever claims (a local worker, an Inngest
 * run, a replay) counts the unexpired leases first and takes only what is left.
 */

/** Default extra lease time beyond the connector's request timeout, for recording the attempt. */
export const LEASE_MARGIN_MS = 15_000;

/** Namespace of the per-connector advisory locks (the second key is hashtext(connector id)). */
const CAP_LOCK_NAMESPACE = 72110402;


/** Everything an attempt needs, read by the claim itself so sending costs no further query. */
export type ClaimedDelivery = {
  id: string;
  connectorId: string;
  status: DeliveryStatus;
  test: boolean;
  /** The connector's version when claimed: a cached copy of its settings must match it. */
  connectorUpdatedAt: Date;
  /** Member-ordered: the member's next delivery to this connector waits until this one is finished. */
  ordered: boolean;
  event: {
    id: string;
    type: string;
    occurredAt: Date;
    test: boolean;
    member: Record<string, unknown>;
    data: Record<string, unknown>;
  };
  program: { id: string; name: string };
};

type ClaimRow = {
  id: string;
  connector_id: string;
  status: DeliveryStatus;
  test: boolean;
  connector_updated_at: string | Date;
  ordered: boolean;
  event_id: string;
  event_type: string;
  occurred_at: string | Date;
  event_test: boolean;
  member: Record<string, unknown> | string;
  data: Record<string, unknown> | string;
  program_id: string;
  program_name: string;
};

const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));
const asJson = (value: Record<string, unknown> | string) => (typeof value === "string" ? (JSON.parse(value) as Record<string, unknown>) : value);

function toClaimed(r: ClaimRow): ClaimedDelivery {
  return {
    id: r.id,
    connectorId: r.connector_id,
    status: r.status,
    test: r.test,
    connectorUpdatedAt: asDate(r.connector_updated_at),
    ordered: r.ordered,
    event: { id: r.event_id, type: r.event_type, occurredAt: asDate(r.occurred_at), test: r.event_test, member: asJson(r.member), data: asJson(r.data) },
    program: { id: r.program_id, name: r.program_name },
  };
}

/**
 * Takes the connector's cap lock for the rest of the transaction: claims of one connector take turns
 * (each is a couple of short statements), so the in-flight count cannot race another claim.
 */
async function lockConnectorCap(tx: Queryable, connectorId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CAP_LOCK_NAMESPACE}, hashtext(${connectorId}))`);
}

/**
 * Unexpired leases of the connector's deliveries, across every process: its requests in flight.
 * A short walk of delivery_leases_connector_idx.
 */
const busyCount = (connectorId: string) => sql`(
  select count(*)::int from delivery_leases where connector_id = ${connectorId} and expires_at > clock_timestamp()
)`;

/** Whether delivery `d` has an unexpired lease (someone is attempting it). */
const leasedText = (d: string) =>
  `exists (select 1 from delivery_leases l where l.delivery_id = ${d}.id and l.expires_at > clock_timestamp())`;

/**
 * Member-ordered connectors (deliveries.member_id is set only for them): a delivery waits while
 * an earlier one (lower seq) for the same member and connector is still open, whether due, in
 * flight or waiting for its retry. A short probe of deliveries_member_open_idx. The claim function
 * (migration 0007_claim_function) has the same condition.
 */
function earlierOpenText(d: string, select: string): string {
  return `select ${select} from deliveries o
    where o.connector_id = ${d}.connector_id and o.member_id = ${d}.member_id
      and o.status in ('pending', 'retrying') and o.member_id is not null and o.seq < ${d}.seq`;
}

/** The member's earliest open delivery to the connector before `d` (null: none, or not member-ordered). */
export const earlierOpen = (d: string) => sql.raw(`(${earlierOpenText(d, "o.id")} order by o.seq limit 1)`);

/**
 * For a select from `deliveries`: the delivery an open member-ordered one is waiting for, else null
 * ("Waiting for an earlier event" in the event logs and on the delivery page).
 */
export const waitingForEarlier = () =>
  sql<string | null>`case when "deliveries"."member_id" is not null and "deliveries"."status" in ('pending', 'retrying')
    then ${earlierOpen('"deliveries"')} end`;

/** The columns a claim returns (see ClaimedDelivery), from the leased delivery and its joins. */
const claimReturningText = `
  d.id, d.connector_id, d.status, d.test, d.member_id is not null as ordered,
  e.id as event_id, e.type as event_type, e.occurred_at, e.test as event_test, e.member, e.data,
  p.id as program_id, p.name as program_name`;
const claimReturning = sql.raw(`${claimReturningText}, c.updated_at as connector_updated_at`);

export type ClaimForConnectorInput = {
  connectorId: string;
  owner: string;
  /** At most this many (the caller's free slots); the connector's own cap may allow fewer. */
  limit: number;
  /** Lease length beyond the connector's request timeout. */
  leaseMarginMs?: number;
  /** Extra lease time, e.g. a rate limit's wait before the request starts. */
  extraLeaseMs?: number;
  /** Claims only test deliveries (an inactive connector still sends the admin's test events). */
  testOnly?: boolean;
};

/** Claims for one connector; see claimDue. */
export async function claimDueForConnector(db: Db, input: ClaimForConnectorInput): Promise<ClaimedDelivery[]> {
  return (await claimDue(db, { owner: input.owner, leaseMarginMs: input.leaseMarginMs, lanes: [input] })).deliveries;
}

export type ClaimLane = {
  connectorId: string;
  limit: number;
  extraLeaseMs?: number;
  testOnly?: boolean;
  /**
   * Deliveries the claiming owner still holds leases on although their requests have ended (their
   * attempts wait to be recorded): they do not count as in flight, so recording does not hold up
   * the connector's next requests.
   */
  answered?: readonly string[];
  /**
   * Leases the claimer may hold beyond the requests it is allowed in flight: deliveries queued to go
   * the moment one of its requests ends, so a freed slot does not wait for a claim. Default 0.
   */
  ahead?: number;
};

export type ClaimResult = {
  deliveries: ClaimedDelivery[];
  /**
   * Per connector claimed for: how many requests this owner may have in flight until it claims again,
   * its max_in_flight less the unexpired leases of everyone else. Every claimer counts all leases
   * (queued ones too), so owners that each stay within their own figure stay within the cap together.
   * A connector that could not be claimed for (deleted, inactive, no URL) is missing.
   */
  sendable: Map<string, number>;
};

/**
 * Claims due deliveries for several connectors in one transaction of a few statements: up to each
 * lane's `limit`, oldest due first. A connector never has more than its max_in_flight requests in
 * flight across all processes: the claimer counts the unexpired leases of everyone else and its own
 * (less its `answered` ones), and takes at most what is left to it, plus up to as many again (its
 * `ahead` allowance) to queue; the result says how many it may send at once.
 *
 * Works in time proportional to what it claims, not to the backlog: per connector the
 * (connector_id, next_attempt_at) partial index gives the oldest due rows directly, and the lease
 * count reads only leased rows. Deliveries of a deleted connector, one without a URL, or an inactive
 * one (except test deliveries, with `testOnly`) are not claimed: they wait until the connector is back.
 */
export async function claimDue(
  db: Db,
  input: { owner: string; leaseMarginMs?: number; lanes: readonly ClaimLane[] },
): Promise<ClaimResult> {
  const lanes = input.lanes.filter((l) => l.limit > 0).sort((a, b) => (a.connectorId < b.connectorId ? -1 : 1));
  if (lanes.length === 0) return { deliveries: [], sendable: new Map() };
  const margin = input.leaseMarginMs ?? LEASE_MARGIN_MS;
  const lanesJson = JSON.stringify(
    lanes.map((l) => ({
      id: l.connectorId,
      n: l.limit,
      ahead: l.ahead ?? 0,
      test_only: l.testOnly ?? false,
      lease_ms: margin + (l.extraLeaseMs ?? 0),
      answered: l.answered ?? [],
    })),
  );
  // One round trip and one plan per connection: the function (migration 0007_claim_function) takes
  // the connectors' advisory locks in id order, then claims, each statement with a fresh snapshot,
  // so the claim sees every lease committed by the previous holders of the locks. It claims, per
  // lane, a LATERAL walk of the (connector_id, next_attempt_at) partial index with FOR UPDATE SKIP
  // LOCKED, within the connector's cap less the unexpired leases, and skips a member-ordered
  // delivery while the member's earlier one is open; it returns one row per claimed delivery, oldest
  // due first, and one per lane that claimed nothing, each with the lane's sendable count.
  const result = await executePrepared(db, "hub_claim_due", sql`select * from hub_claim_due(${input.owner}, ${lanesJson}::jsonb)`);
  const rows = rowsOf<Partial<ClaimRow> & { lane_id: string; sendable: number }>(result);
  const sendable = new Map(rows.map((r) => [r.lane_id, Number(r.sendable)]));
  const deliveries = rows.filter((r): r is ClaimRow & { lane_id: string; sendable: number } => r.id != null).map(toClaimed);
  return { deliveries, sendable };
}

/**
 * The connectors that have a delivery due now and not leased: what a poll should claim for. A skip
 * scan over the (connector_id, next_attempt_at) index, one short probe per connector with open
 * deliveries, so its cost follows the number of connectors, not the backlog.
 */
export async function connectorsWithDueWork(db: Db): Promise<string[]> {
  const result = await executePrepared(db, "hub_due_connectors", sql`
    with recursive open_connectors(connector_id) as (
      (select connector_id from deliveries where status in ('pending', 'retrying') order by connector_id limit 1)
      union all
      select (
        select d.connector_id from deliveries d
        where d.status in ('pending', 'retrying') and d.connector_id > o.connector_id
        order by d.connector_id limit 1
      )
      from open_connectors o where o.connector_id is not null
    )
    select o.connector_id from open_connectors o
    where o.connector_id is not null and exists (
      select 1 from deliveries d
      where d.connector_id = o.connector_id and d.status in ('pending', 'retrying')
        and d.next_attempt_at <= clock_timestamp() and not ${sql.raw(leasedText("d"))}
    )
  `);
  return rowsOf<{ connector_id: string }>(result).map((r) => r.connector_id);
}

export type ClaimOneResult =
  | { kind: "claimed"; delivery: ClaimedDelivery }
  | { kind: "leased" }
  | { kind: "busy" }
  /** Member-ordered connector: this earlier delivery for the same member goes first. */
  | { kind: "waiting"; earlierDeliveryId: string }
  | { kind: "unavailable" };

/**
 * Claims one delivery for an attempt (Inngest runs, replays), within the connector's in-flight cap.
 * "leased": another process holds an unexpired lease on it; "busy": the connector's slots are all
 * taken; "waiting": its connector delivers each member's events in order and an earlier one of the
 * member's is still open; "unavailable": no such delivery, or (without `force`) it is finished. `force` also claims
 * finished deliveries and connectors that are turned off, for replays an admin asked for.
 */
export async function claimDelivery(
  db: Db,
  deliveryId: string,
  owner: string,
  options: { force?: boolean; leaseMarginMs?: number; extraLeaseMs?: number } = {},
): Promise<ClaimOneResult> {
  const force = options.force ?? false;
  const margin = (options.leaseMarginMs ?? LEASE_MARGIN_MS) + (options.extraLeaseMs ?? 0);
  const [target] = rowsOf<{ connector_id: string }>(await db.execute(sql`select connector_id from deliveries where id = ${deliveryId}`));
  if (!target) return { kind: "unavailable" };
  return db.transaction(async (tx): Promise<ClaimOneResult> => {
    await lockConnectorCap(tx, target.connector_id);
    const [state] = rowsOf<{ leased: boolean; open: boolean; full: boolean; earlier: string | null }>(
      await tx.execute(sql`
        select ${sql.raw(leasedText("d"))} as leased,
               d.status in ('pending', 'retrying') as open,
               ${busyCount(target.connector_id)} >= c.max_in_flight as full,
               ${earlierOpen("d")} as earlier
        from deliveries d join connectors c on c.id = d.connector_id
        where d.id = ${deliveryId}
        for update of d
      `),
    );
    if (!state || (!force && !state.open)) return { kind: "unavailable" };
    if (state.leased) return { kind: "leased" };
    if (state.earlier) return { kind: "waiting", earlierDeliveryId: state.earlier };
    if (state.full) return { kind: "busy" };
    // The delivery is locked and its lease, if any, has run out: take it (over).
    const [row] = rowsOf<ClaimRow>(
      await tx.execute(sql`
        with leased as (
          insert into delivery_leases as l (delivery_id, connector_id, owner, expires_at)
          select d.id, d.connector_id, ${owner}, clock_timestamp() + ((c.timeout_ms + ${margin}) * interval '1 millisecond')
          from deliveries d join connectors c on c.id = d.connector_id
          where d.id = ${deliveryId}
          on conflict (delivery_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
          returning l.delivery_id
        )
        select ${claimReturning}
        from leased join deliveries d on d.id = leased.delivery_id
          join connectors c on c.id = d.connector_id join events e on e.id = d.event_id join programs p on p.id = e.program_id
      `),
    );
    return row ? { kind: "claimed", delivery: toClaimed(row) } : { kind: "unavailable" };
  });
}

/** Gives a lease back without an attempt (shutdown before the request started). */
export async function releaseLease(db: Queryable, deliveryId: string, owner: string): Promise<void> {
  await releaseLeases(db, [deliveryId], owner);
}

/** Gives several leases back at once. */
export async function releaseLeases(db: Queryable, deliveryIds: string[], owner: string): Promise<void> {
  if (deliveryIds.length === 0) return;
  await executePrepared(db, "hub_release_leases", sql`
    delete from delivery_leases where delivery_id = any(${uuidArray(deliveryIds)}) and owner = ${owner}
  `);
}

/**
 * Reclaims the room of removed leases. Every attempt adds a lease row and removes it, so the table
 * is all churn: left alone (autovacuum turned off, or slow to visit a table this small) its pages
 * fill with dead rows, and every statement that reads it slows down as it grows. Takes a few
 * milliseconds; it cannot run inside a transaction.
 */
export async function vacuumLeases(db: Db): Promise<void> {
  await db.execute(sql`vacuum delivery_leases`);
}

/** How long past its end a lease is kept before sweepExpiredLeases removes it. */
export const EXPIRED_LEASE_KEEP_MS = 60_000;

/**
 * Removes leases that ran out a while ago: a process that died leaves its leases behind, and one
 * whose delivery was finished or deleted meanwhile is never taken over. An expired lease means the
 * same as none, so this changes nothing but the table's size. Returns how many it removed.
 */
export async function sweepExpiredLeases(db: Queryable): Promise<number> {
  const result = await db.execute(sql`
    delete from delivery_leases where expires_at < clock_timestamp() - ${EXPIRED_LEASE_KEEP_MS} * interval '1 millisecond'
    returning 1
  `);
  return rowsOf(result).length;
}
