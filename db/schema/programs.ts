import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A loyalty program: the scope for push rules, API keys and events. */
export const programs = pgTable("programs", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Program = typeof programs.$inferSelect;
