import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, generatedId, updatedAt } from "./columns";

/** A loyalty program: the scope for push rules, API keys and events. */
export const programs = pgTable(
  "programs",
  {
    id: generatedId(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Names differ by more than letter case, also when two admins create "Club" and "club" at once.
  (t) => [uniqueIndex("programs_name_lower_idx").on(sql`lower(${t.name})`)],
);

export type Program = typeof programs.$inferSelect;
