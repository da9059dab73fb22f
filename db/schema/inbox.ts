import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { connectors } from "./connectors";
import { users } from "./users";

export const testInboxResponseModeEnum = pgEnum("test_inbox_response_mode", ["always-200", "fail-every-3rd"]);
export const signatureVerdictEnum = pgEnum("signature_verdict", ["valid", "invalid", "missing"]);

/**
 * A hub-hosted receiver for one connector: its notification URL can be `/api/inbox/<token>`, so a
 * flow is tested end to end with no outside receiver. The token is the capability (the capture
 * endpoint is public), hence random and unguessable; `id` is what screens and links use.
 */
export const testInboxes = pgTable("test_inboxes", {
  id: uuid("id").primaryKey().defaultRandom(),
  token: text("token").notNull().unique(),
  connectorId: uuid("connector_id")
    .notNull()
    .unique()
    .references(() => connectors.id, { onDelete: "cascade" }),
  responseMode: testInboxResponseModeEnum("response_mode").notNull().default("always-200"),
  /** Requests ever captured (clearing keeps it): "fail every 3rd" counts on it. */
  requestCount: integer("request_count").notNull().default(0),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One request a test inbox received, as it arrived (headers unredacted: reads redact by role),
 * with the signature verdicts worked out on arrival, against the secrets valid at that moment.
 */
export const testInboxRequests = pgTable(
  "test_inbox_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    inboxId: uuid("inbox_id")
      .notNull()
      .references(() => testInboxes.id, { onDelete: "cascade" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    method: text("method").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    /** Header names whose values were the connector's secrets when received (auth and custom headers). */
    secretHeaderNames: jsonb("secret_header_names").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The first 64 KiB of the body, as text. */
    body: text("body").notNull(),
    bodyTruncated: boolean("body_truncated").notNull().default(false),
    qualifioSignature: signatureVerdictEnum("qualifio_signature").notNull(),
    standardSignature: signatureVerdictEnum("standard_signature").notNull(),
    /** What the inbox answered. */
    responseStatus: integer("response_status").notNull(),
  },
  (t) => [index("test_inbox_requests_inbox_idx").on(t.inboxId, t.id.desc()), index("test_inbox_requests_received_idx").on(t.receivedAt)],
);

export type TestInbox = typeof testInboxes.$inferSelect;
export type TestInboxRequest = typeof testInboxRequests.$inferSelect;
export type SignatureVerdict = (typeof signatureVerdictEnum.enumValues)[number];
