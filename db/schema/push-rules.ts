import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { connectors } from "./connectors";
import { programs } from "./programs";
import { users } from "./users";

/** "Events of this type in this program go to this connector": one row per (program, type, connector). */
export const pushRules = pgTable(
  "push_rules",
  {
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    connectorId: uuid("connector_id")
      .notNull()
      .references(() => connectors.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.eventType, t.connectorId] }),
    index("push_rules_connector_idx").on(t.connectorId),
  ],
);

export type PushRule = typeof pushRules.$inferSelect;
