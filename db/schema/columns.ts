import { timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/*
 * Column groups that many tables share, written once. Functions, since every table needs builders
 * of its own.
 */

/** The generated id of an entity table. */
export const generatedId = () => uuid("id").primaryKey().defaultRandom();

/** A point in time; every timestamp here carries its zone. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** When the row was inserted. */
export const createdAt = () => timestamptz("created_at").notNull().defaultNow();

/** When the row last changed; verbs set it to now() with their update. */
export const updatedAt = () => timestamptz("updated_at").notNull().defaultNow();

/** The row this one belongs to: required, and deleted with it. */
export const ownerId = (name: string, owner: () => AnyPgColumn) =>
  uuid(name).notNull().references(owner, { onDelete: "cascade" });
