import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Queryable } from "@/db";
import { connectors, deliveries, events, programs, resends, users, type Resend, type Role } from "@/db/schema";
import { visibleAttempt } from "@/lib/connectors/visibility";
import { buildBody, type WebhookEvent } from "@/lib/delivery/attempts/request";
import { findDelivery } from "./delivery-queries";
import { bodyDiff } from "./resend-diff";

/** Resends listed on a delivery's page, newest first; older ones stay in the audit log. */
const RESENDS_SHOWN = 50;

/**
 * What the delivery would send: its event as the wire body (the same bytes every attempt signs)
 * and its connector as of now. The base of an edited resend, and the dialog's starting point.
 */
export async function getOriginalRequest(db: Queryable, deliveryId: string) {
  const row = await findDelivery(db, deliveryId, {
    deliveryId: deliveries.id,
    event: {
      id: events.id,
      type: events.type,
      occurredAt: events.occurredAt,
      test: events.test,
      member: events.member,
      data: events.data,
    },
    program: { id: programs.id, name: programs.name },
    connector: {
      id: connectors.id,
      name: connectors.name,
      notificationUrl: connectors.notificationUrl,
      updatedAt: connectors.updatedAt,
      deletedAt: connectors.deletedAt,
    },
  });
  if (!row) return null;
  const { event, program } = row;
  const webhookEvent: WebhookEvent = {
    id: event.id,
    type: event.type,
    createdAt: event.occurredAt,
    test: event.test,
    program,
    member: event.member,
    data: event.data,
  };
  return { deliveryId: row.deliveryId, connector: row.connector, event: webhookEvent, body: buildBody(webhookEvent) };
}

export type OriginalRequest = NonNullable<Awaited<ReturnType<typeof getOriginalRequest>>>;

/**
 * A resend as the role may see it: the same narrowing as an attempt's (URL, blocked-target
 * errors and echoes of the URL in the response), since marketers read the event logs too.
 */
function visibleResend(role: Role, resend: Resend): Resend {
  const seen = visibleAttempt(role, { ...resend, number: 0, trigger: "replay", startedAt: resend.createdAt });
  return { ...resend, url: seen.url, error: seen.error, responseHeaders: seen.responseHeaders, responseBody: seen.responseBody };
}

/** A delivery's edited resends, newest first, each with its diff against the original. */
export async function listResends(db: Queryable, deliveryId: string, role: Role) {
  const rows = await db
    .select({ resend: resends, createdByEmail: users.email })
    .from(resends)
    .leftJoin(users, eq(users.id, resends.createdBy))
    .where(eq(resends.deliveryId, deliveryId))
    .orderBy(desc(resends.createdAt), desc(resends.id))
    .limit(RESENDS_SHOWN);
  return rows.map(({ resend, createdByEmail }) => ({
    ...visibleResend(role, resend),
    createdByEmail,
    bodyDiff: resend.bodyChanged ? bodyDiff(resend.originalBody, resend.requestBody) : [],
  }));
}

export type ResendView = Awaited<ReturnType<typeof listResends>>[number];
