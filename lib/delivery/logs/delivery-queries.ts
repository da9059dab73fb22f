import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { Queryable } from "@/db";
import { attempts, connectors, deliveries, events, programs, type Role } from "@/db/schema";
import { visibleAttempt, visibleError, visibleUrl } from "@/lib/connectors/visibility";
import { waitingForEarlier } from "@/lib/delivery/engine/lease";

/** One delivery with its event, connector and program, as the columns the caller picks; undefined if there is none. */
export async function findDelivery<S extends SelectedFields>(
  db: Queryable,
  deliveryId: string,
  fields: S,
): Promise<SelectResultFields<S> | undefined> {
  // Inner joins only, so every picked column keeps its own nullability; drizzle cannot follow a
  // generic selection through the joins, hence the widening and the cast back.
  const [row] = await db
    .select(fields as SelectedFields)
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
    .innerJoin(programs, eq(programs.id, deliveries.programId))
    .where(eq(deliveries.id, deliveryId));
  return row as SelectResultFields<S> | undefined;
}

/**
 * Everything the delivery page shows, as the role may see it. Header values in attempts were
 * redacted when recorded; URLs and blocked-target errors are narrowed here for the role.
 */
export async function getDeliveryDetail(db: Queryable, deliveryId: string, role: Role) {
  const row = await findDelivery(db, deliveryId, {
    delivery: deliveries,
    event: {
      id: events.id,
      type: events.type,
      memberId: events.memberId,
      memberEmail: events.memberEmail,
      occurredAt: events.occurredAt,
      receivedAt: events.receivedAt,
      test: events.test,
    },
    connector: {
      id: connectors.id,
      name: connectors.name,
      notificationUrl: connectors.notificationUrl,
      active: connectors.active,
      deletedAt: connectors.deletedAt,
    },
    program: { id: programs.id, name: programs.name },
    waitingForDeliveryId: waitingForEarlier(),
  });
  if (!row) return null;
  const [tries, siblings] = await Promise.all([
    db.select().from(attempts).where(eq(attempts.deliveryId, deliveryId)).orderBy(asc(attempts.number)),
    db
      .select({ id: deliveries.id, status: deliveries.status, connectorName: connectors.name })
      .from(deliveries)
      .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
      .where(and(eq(deliveries.eventId, row.event.id), ne(deliveries.id, deliveryId)))
      .orderBy(asc(connectors.name)),
  ]);
  return {
    ...row,
    delivery: { ...row.delivery, lastError: visibleError(role, row.delivery.lastError, { url: tries.at(-1)?.url }) },
    connector: { ...row.connector, notificationUrl: visibleUrl(role, row.connector.notificationUrl) },
    attempts: tries.map((attempt) => visibleAttempt(role, attempt)),
    otherDeliveries: siblings,
  };
}
