import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    /** The rule's Filter as the editor shows it ({ match, conditions }); null: every event. */
    filter: jsonb("filter").$type<unknown>(),
    /** The filter compiled to an SQL/JSON path predicate over {member, data}, with its values in `filterVars`. */
    filterPath: text("filter_path"),
    filterVars: jsonb("filter_vars").$type<Record<string, unknown>>(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.eventType, t.connectorId] }),
    index("push_rules_connector_idx").on(t.connectorId),
  ],
);

export type PushRule = typeof pushRules.$inferSelect;

/** Events a rule's filter skipped, counted per hour: the push rules screen's "skipped in 24 h". */
export const pushRuleSkips = pgTable(
  "push_rule_skips",
  {
    programId: uuid("program_id").notNull(),
    eventType: text("event_type").notNull(),
    connectorId: uuid("connector_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    skipped: integer("skipped").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programId, t.eventType, t.connectorId, t.hour] })],
);
