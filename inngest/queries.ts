import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { connectors, deliveries, deliveryLeases } from "@/db/schema";
import { pendingFanOut } from "@/lib/delivery/engine/fanout";

/*
 * The Inngest driver's bookkeeping. `deliveries.dispatched_at` records that Inngest accepted a run
 * for the delivery; the sweep finds what Inngest never accepted (or lost) and sends it again, so an
 * Inngest outage delays deliveries but loses none.
 */

export type DispatchTarget = { deliveryId: string; connectorId: string };

/** Leave a fresh send this long to be acknowledged before the sweep repeats it. */
const SWEEP_GRACE_MS = 60_000;
/** A delivery this late, with no lease, has no live run; its re-send is also spaced this far apart. */
export const SWEEP_OVERDUE_MS = 10 * 60_000;
const SWEEP_BATCH = 500;

const open = inArray(deliveries.status, ["pending", "retrying"]);

/** Deliveries among `ids` still to attempt and not yet handed to Inngest. */
export async function undispatchedDeliveries(db: Db, ids: string[]): Promise<DispatchTarget[]> {
  if (ids.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, connectorId: deliveries.connectorId })
    .from(deliveries)
    .where(and(inArray(deliveries.id, ids), open, isNull(deliveries.dispatchedAt)))
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id));
}

/** Records that Inngest accepted a run for each of these deliveries. */
export async function markDispatched(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(deliveries).set({ dispatchedAt: now }).where(inArray(deliveries.id, ids));
}

/** Events committed over a minute ago and still not fanned out: their hub/event.received was lost. */
export async function unacknowledgedEvents(db: Db, now: Date, limit = SWEEP_BATCH): Promise<string[]> {
  return pendingFanOut(db, limit, new Date(now.getTime() - SWEEP_GRACE_MS));
}

/**
 * Open deliveries no Inngest run is taking care of: never acknowledged a minute after they were
 * created, or acknowledged but over ten minutes overdue with no lease (the run ended early or was
 * lost) and not re-sent in the last ten minutes. `resend` tells the two apart. Deliveries of an
 * inactive or deleted connector are left alone, as the local driver does, until it is back.
 */
export async function unacknowledgedDeliveries(
  db: Db,
  now: Date,
  limit = SWEEP_BATCH,
): Promise<(DispatchTarget & { resend: boolean })[]> {
  const grace = new Date(now.getTime() - SWEEP_GRACE_MS);
  const overdue = new Date(now.getTime() - SWEEP_OVERDUE_MS);
  const rows = await db
    .select({ deliveryId: deliveries.id, connectorId: deliveries.connectorId, dispatchedAt: deliveries.dispatchedAt })
    .from(deliveries)
    .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
    .where(
      and(
        open,
        isNull(connectors.deletedAt),
        isNotNull(connectors.notificationUrl),
        or(eq(connectors.active, true), eq(deliveries.test, true)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(deliveryLeases)
            .where(and(eq(deliveryLeases.deliveryId, deliveries.id), gt(deliveryLeases.expiresAt, now))),
        ),
        or(
          and(isNull(deliveries.dispatchedAt), lte(deliveries.createdAt, grace)),
          and(lte(deliveries.dispatchedAt, overdue), lte(deliveries.nextAttemptAt, overdue)),
        ),
      ),
    )
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
    .limit(limit);
  return rows.map(({ dispatchedAt, ...target }) => ({ ...target, resend: dispatchedAt !== null }));
}
