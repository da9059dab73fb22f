import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, generatedId, ownerId, timestamptz, updatedAt } from "./columns";
import { createdBy } from "./users";
import { connectors } from "./connectors";
import { programs } from "./programs";

/**
 * A member event, committed before anything is sent. `fannedOutAt` null means deliveries have not
 * been planned yet: the delivery driver picks such rows up, so a crash between ingest and fan-out
 * loses nothing.
 */
export const events = pgTable(
  "events",
  {
    id: generatedId(),
    programId: ownerId("program_id", () => programs.id),
    type: text("type").notNull(),
    /** The sender's id or Idempotency-Key: the same one twice returns the first event. */
    externalId: text("external_id"),
    member: jsonb("member").$type<Record<string, unknown>>().notNull(),
    memberId: text("member_id").notNull(),
    memberEmail: text("member_email"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    test: boolean("test").notNull().default(false),
    /** Test events go to this one connector only, whatever the push rules say. */
    targetConnectorId: uuid("target_connector_id").references(() => connectors.id, { onDelete: "set null" }),
    fannedOutAt: timestamptz("fanned_out_at"),
  },
  (t) => [
    uniqueIndex("events_program_external_idx").on(t.programId, t.externalId),
    index("events_pending_fanout_idx").on(t.receivedAt).where(sql`${t.fannedOutAt} is null`),
    index("events_received_idx").on(t.receivedAt),
    // The event log's search box: exact member id, and email prefix (text_pattern_ops serves LIKE 'x%' in any collation).
    index("events_member_id_idx").on(t.memberId),
    index("events_member_email_idx").on(sql`lower(${t.memberEmail}) text_pattern_ops`),
  ],
);

export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "retrying", "succeeded", "failed"]);

/**
 * One event to one connector. Exists before its first attempt. A delivery being attempted has a
 * row in delivery_leases; a lease that expires is taken again, so a process killed mid-delivery
 * loses nothing.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: generatedId(),
    eventId: ownerId("event_id", () => events.id),
    connectorId: uuid("connector_id")
      .notNull()
      .references(() => connectors.id),
    // Copied from the event so the log's filters use one table's indexes.
    programId: uuid("program_id").notNull(),
    eventType: text("event_type").notNull(),
    test: boolean("test").notNull().default(false),
    /** Copied from the event: a connector that delivers each member's events in order waits on it. */
    memberId: text("member_id"),
    /** Planning order, for member-ordered delivery: a lower seq is an earlier delivery. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at"),
    /** Inngest only: when the engine acknowledged the run for this delivery. */
    dispatchedAt: timestamptz("dispatched_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastDurationMs: integer("last_duration_ms"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: timestamptz("completed_at"),
  },
  (t) => [
    uniqueIndex("deliveries_event_connector_idx").on(t.eventId, t.connectorId),
    index("deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retrying')`),
    // The local driver claims per connector: a short walk from the oldest due row, whatever the backlog.
    index("deliveries_connector_due_idx").on(t.connectorId, t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retrying')`),
    // An inactive connector still sends test deliveries; without this its whole backlog would be scanned for them.
    index("deliveries_connector_test_due_idx")
      .on(t.connectorId, t.nextAttemptAt)
      .where(sql`${t.test} and ${t.status} in ('pending', 'retrying')`),
    index("deliveries_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("deliveries_connector_created_idx").on(t.connectorId, t.createdAt.desc(), t.id.desc()),
    // One per event log filter, each ending in the list's keyset order so a filtered page is a short index walk.
    index("deliveries_status_created_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    index("deliveries_event_type_created_idx").on(t.eventType, t.createdAt.desc(), t.id.desc()),
    index("deliveries_program_created_idx").on(t.programId, t.createdAt.desc(), t.id.desc()),
    // Member-ordered connectors: a member's open deliveries, earliest first.
    index("deliveries_member_open_idx")
      .on(t.connectorId, t.memberId, t.seq)
      .where(sql`${t.status} in ('pending', 'retrying') and ${t.memberId} is not null`),
  ],
);

/**
 * The lease of a delivery being attempted: who holds it and until when. Taken by a claim (FOR UPDATE
 * SKIP LOCKED on the delivery, under the connector's advisory lock), removed when the attempt is
 * recorded or given back; one that expired (its holder died) is taken over by the next claim. Its
 * own small table rather than columns of deliveries: taking a lease then writes one narrow row
 * instead of a new version of the delivery in each of its dozen indexes, and the connector's
 * in-flight count reads only live leases. Leases long expired are swept (sweepExpiredLeases).
 */
export const deliveryLeases = pgTable(
  "delivery_leases",
  {
    // No foreign key: checking one would cost a lookup per lease taken. A lease whose delivery is
    // gone is harmless (it only counts as in flight until it expires) and is swept with the rest.
    deliveryId: uuid("delivery_id").primaryKey(),
    connectorId: uuid("connector_id").notNull(),
    owner: text("owner").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  // The cap's count: a connector's unexpired leases.
  (t) => [index("delivery_leases_connector_idx").on(t.connectorId, t.expiresAt)],
);

export const attemptTriggerEnum = pgEnum("attempt_trigger", ["scheduled", "replay"]);

/**
 * What an HTTP exchange leaves behind, for an attempt and for an edited resend alike: the request as
 * sent (secret header values redacted) and what came back. A function, since every table needs
 * builders of its own.
 */
function exchangeColumns() {
  return {
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    requestBody: text("request_body").notNull(),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    responseBody: text("response_body"),
    responseTruncated: boolean("response_truncated").notNull().default(false),
    /** timeout | refused | dns | blocked | redirect | http | network | tls | config */
    errorCode: text("error_code"),
    error: text("error"),
    success: boolean("success").notNull(),
  };
}

/** One HTTP request and what came back. Secret header values are redacted before they get here. */
export const attempts = pgTable(
  "attempts",
  {
    id: generatedId(),
    deliveryId: ownerId("delivery_id", () => deliveries.id),
    number: integer("number").notNull(),
    trigger: attemptTriggerEnum("trigger").notNull().default("scheduled"),
    startedAt: timestamptz("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    url: text("url").notNull(),
    ...exchangeColumns(),
  },
  (t) => [
    uniqueIndex("attempts_delivery_number_idx").on(t.deliveryId, t.number),
    index("attempts_started_idx").on(t.startedAt),
  ],
);

/**
 * "Resend with changes": a one-off request an admin sent from a delivery's page with an edited body
 * and/or to another URL, signed anew. The original delivery and its attempts are left untouched.
 */
export const resends = pgTable(
  "resends",
  {
    id: generatedId(),
    deliveryId: ownerId("delivery_id", () => deliveries.id),
    createdBy: createdBy(),
    createdAt: createdAt(),
    url: text("url").notNull(),
    /** True when the URL differs from the connector's notification URL at the time. */
    urlChanged: boolean("url_changed").notNull(),
    bodyChanged: boolean("body_changed").notNull(),
    /** The body the original delivery would send, for the diff. */
    originalBody: text("original_body").notNull(),
    durationMs: integer("duration_ms").notNull(),
    ...exchangeColumns(),
  },
  (t) => [index("resends_delivery_created_idx").on(t.deliveryId, t.createdAt.desc())],
);

export type Resend = typeof resends.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type DeliveryStatus = (typeof deliveryStatusEnum.enumValues)[number];
