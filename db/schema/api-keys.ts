import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, generatedId, ownerId, timestamptz } from "./columns";
import { programs } from "./programs";
import { createdBy } from "./users";

/** Ingest API keys. Only a SHA-256 of the key is kept; the key itself is shown once at creation. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: generatedId(),
    programId: ownerId("program_id", () => programs.id),
    label: text("label").notNull(),
    /** The first characters of the key, enough to recognise it in a list. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: createdBy(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [index("api_keys_program_idx").on(t.programId, t.createdAt.desc())],
);

export type ApiKey = typeof apiKeys.$inferSelect;
