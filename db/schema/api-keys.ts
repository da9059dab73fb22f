import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { programs } from "./programs";
import { users } from "./users";

/** Ingest API keys. Only a SHA-256 of the key is kept; the key itself is shown once at creation. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    /** The first characters of the key, enough to recognise it in a list. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_program_idx").on(t.programId, t.createdAt.desc())],
);

export type ApiKey = typeof apiKeys.$inferSelect;
