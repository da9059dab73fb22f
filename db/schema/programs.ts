import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** A loyalty program: the scope for push rules, API keys and events. */
export const programs = pgTable(
  "programs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Names differ by more than letter case, also when two admins create "Club" and "club" at once.
  (t) => [uniqueIndex("programs_name_lower_idx").on(sql`lower(${t.name})`)],
);

export type Program = typeof programs.$inferSelect;
