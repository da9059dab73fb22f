import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { generatedId, timestamptz } from "./columns";
import { users } from "./users";

/**
 * One row per change, written in the same transaction as the change. `changes` holds before/after
 * of the changed fields with secret values already redacted by the writer.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: generatedId(),
    at: timestamptz("at").notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    summary: text("summary").notNull(),
    changes: jsonb("changes").$type<Record<string, { before: unknown; after: unknown }>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at.desc(), t.id.desc()),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
