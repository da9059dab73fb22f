import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ownerId, timestamptz } from "./columns";
import { connectors } from "./connectors";
import { programs } from "./programs";
import { createdBy } from "./users";

/** "Events of this type in this program go to this connector": one row per (program, type, connector). */
export const pushRules = pgTable(
  "push_rules",
  {
    programId: ownerId("program_id", () => programs.id),
    eventType: text("event_type").notNull(),
    connectorId: ownerId("connector_id", () => connectors.id),
    /** The rule's Filter as the editor shows it ({ match, conditions }); null: every event. */
    filter: jsonb("filter").$type<unknown>(),
    /** The filter compiled to an SQL/JSON path predicate over {member, data}, with its values in `filterVars`. */
    filterPath: text("filter_path"),
    filterVars: jsonb("filter_vars").$type<Record<string, unknown>>(),
    createdBy: createdBy(),
    createdAt: createdAt(),
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
    hour: timestamptz("hour").notNull(),
    skipped: integer("skipped").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programId, t.eventType, t.connectorId, t.hour] })],
);
