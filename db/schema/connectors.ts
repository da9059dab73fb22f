import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, generatedId, ownerId, timestamptz, updatedAt } from "./columns";
import { createdBy } from "./users";

export const signatureSchemeEnum = pgEnum("signature_scheme", ["qualifio", "qualifio+standard"]);

/**
 * A webhook destination. Secret values (webhook secret, previous secret during rotation, auth
 * header value, custom header values) are stored only encrypted (AES-256-GCM, see lib/crypto).
 * Deleting sets deleted_at: past deliveries keep pointing at the row, so logs stay readable.
 */
export const connectors = pgTable(
  "connectors",
  {
    id: generatedId(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    notificationUrl: text("notification_url"),
    secretEncrypted: text("secret_encrypted"),
    /** A non-secret hint of the secret ("whsec_…a1b2"), shown where the value is masked. */
    secretHint: text("secret_hint"),
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamptz("previous_secret_expires_at"),
    secretRotatedAt: timestamptz("secret_rotated_at"),
    authHeaderName: text("auth_header_name"),
    authHeaderValueEncrypted: text("auth_header_value_encrypted"),
    /** Encrypted JSON array of {name, value}; `customHeaderNames` is the readable index of it. */
    customHeadersEncrypted: text("custom_headers_encrypted"),
    customHeaderNames: jsonb("custom_header_names").$type<string[]>().notNull().default([]),
    signatureScheme: signatureSchemeEnum("signature_scheme").notNull().default("qualifio"),
    timeoutMs: integer("timeout_ms").notNull().default(10_000),
    maxInFlight: integer("max_in_flight").notNull().default(10),
    /** Optional requests-per-second cap for this receiver. */
    rateLimitPerSecond: integer("rate_limit_per_second"),
    active: boolean("active").notNull().default(false),
    /** Set when the hub turned the connector off by itself (e.g. failing for 5 days). */
    disabledReason: text("disabled_reason"),
    disabledAt: timestamptz("disabled_at"),
    /** Start of the current run of failed attempts; cleared by any success. Drives auto-disable. */
    failingSince: timestamptz("failing_since"),
    /** Failed attempts since the last success (test deliveries aside); any success sets it to 0. Drives "failing" alerts. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** "Deliver each member's events in order": no delivery overtakes an earlier one for the same member. */
    orderedByMember: boolean("ordered_by_member").notNull().default(false),
    /** Alert after this many consecutive failed attempts; null: not on that ground. */
    alertAfterFailures: integer("alert_after_failures").default(5),
    /** Alert when the success rate over the last 15 minutes is under this percentage; null: not on that ground. */
    alertSuccessRateBelow: integer("alert_success_rate_below"),
    /** The connector that receives this connector's signed operational events (connector.failing, …). */
    alertDestinationId: uuid("alert_destination_id").references((): AnyPgColumn => connectors.id, { onDelete: "set null" }),
    /** The open alert episode ("failing" or "disabled") and when it began; null while healthy. */
    alertState: text("alert_state"),
    alertStateSince: timestamptz("alert_state_since"),
    createdBy: createdBy(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamptz("deleted_at"),
  },
  (t) => [
    uniqueIndex("connectors_name_live_idx").on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`),
    index("connectors_created_idx").on(t.createdAt.desc()),
  ],
);

export type Connector = typeof connectors.$inferSelect;

/**
 * A connector's rate limit, shared by every process: the theoretical arrival time of the next
 * request (GCRA). Reserving a send moves it on by 1/rate seconds under a row lock, so two workers
 * (or a worker and a replay) cannot both spend the same slot. Kept apart from `connectors` so pacing
 * never contends with an admin's edit or bumps the connector's version.
 */
export const connectorThrottles = pgTable("connector_throttles", {
  connectorId: uuid("connector_id")
    .primaryKey()
    .references(() => connectors.id, { onDelete: "cascade" }),
  theoreticalArrivalAt: timestamptz("theoretical_arrival_at").notNull(),
});

export const alertKindEnum = pgEnum("alert_kind", ["connector.failing", "connector.disabled", "connector.recovered"]);

/**
 * One alert about a connector: the bell's notifications and the connector's banner. At most one
 * "failing" or "disabled" alert per episode (connectors.alert_state), and one "recovered" to close
 * it. The signed operational event sent to the Alert destination records its outcome here.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: generatedId(),
    connectorId: ownerId("connector_id", () => connectors.id),
    kind: alertKindEnum("kind").notNull(),
    message: text("message").notNull(),
    /** The operational event's `data` (lib/alerts/operational.ts), kept so a retry sends the same bytes. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    /** Tries of the POST to the Alert destination so far; it gives up after a few (lib/alerts/notify.ts). */
    destinationAttempts: integer("destination_attempts").notNull().default(0),
    destinationId: uuid("destination_id").references(() => connectors.id, { onDelete: "set null" }),
    destinationStatus: integer("destination_status"),
    destinationError: text("destination_error"),
    /** When the POST to the Alert destination ended: delivered, or given up. Null while it is still owed. */
    sentAt: timestamptz("sent_at"),
    /** When the next try of the POST is due (and, while one is in flight, no other process takes it). */
    destinationNextAt: timestamptz("destination_next_at"),
  },
  (t) => [
    index("alerts_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("alerts_connector_created_idx").on(t.connectorId, t.createdAt.desc()),
  ],
);

export type Alert = typeof alerts.$inferSelect;
export type AlertKind = (typeof alertKindEnum.enumValues)[number];
