import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { connectors, deliveries, events, pushRules } from "@/db/schema";

/**
 * Plans the deliveries for one event: the program's push rules for its type select connectors, and
 * each active one gets a delivery row (unique per event and connector). A test event goes to its
 * target connector only. Idempotent: an event already fanned out returns its existing deliveries,
 * so a driver that crashed half-way (or Inngest retrying the step) creates nothing twice.
 */
export async function fanOutEvent(db: Db, eventId: string, now = new Date()): Promise<{ deliveryIds: string[]; created: number }> {
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for("update");
    if (!event) return { deliveryIds: [], created: 0 };
    if (event.fannedOutAt) {
      const existing = await tx.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.eventId, eventId));
      return { deliveryIds: existing.map((d) => d.id), created: 0 };
    }
    const targets = event.targetConnectorId
      ? await tx
          .select({ id: connectors.id })
          .from(connectors)
          .where(and(eq(connectors.id, event.targetConnectorId), isNull(connectors.deletedAt)))
      : await tx
          .select({ id: connectors.id })
          .from(pushRules)
          .innerJoin(connectors, eq(connectors.id, pushRules.connectorId))
          .where(
            and(
              eq(pushRules.programId, event.programId),
              eq(pushRules.eventType, event.type),
              eq(connectors.active, true),
              isNull(connectors.deletedAt),
            ),
          );
    let created = 0;
    if (targets.length > 0) {
      const rows = await tx
        .insert(deliveries)
        .values(
          targets.map((c) => ({
            eventId: event.id,
            connectorId: c.id,
            programId: event.programId,
            eventType: event.type,
            test: event.test,
            status: "pending" as const,
            nextAttemptAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: deliveries.id });
      created = rows.length;
    }
    await tx.update(events).set({ fannedOutAt: now }).where(eq(events.id, event.id));
    const all = await tx.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.eventId, eventId));
    return { deliveryIds: all.map((d) => d.id), created };
  });
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

