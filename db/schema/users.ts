import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, generatedId, timestamptz, updatedAt } from "./columns";

export const roleEnum = pgEnum("role", ["admin", "marketer"]);

export const users = pgTable(
  "users",
  {
    id: generatedId(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLoginAt: timestamptz("last_login_at"),
    /** Alerts created after this are unread in the user's bell. */
    alertsReadAt: timestamptz("alerts_read_at"),
  },
  (t) => [index("users_active_role_idx").on(t.active, t.role).where(sql`${t.active}`)],
);

/** Who created a row; it outlives its author. */
export const createdBy = () => uuid("created_by").references(() => users.id, { onDelete: "set null" });

/** Failed sign-ins per email, so repeated guessing is slowed down across every app instance. */
export const loginThrottles = pgTable("login_throttles", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamptz("last_failure_at").notNull(),
  blockedUntil: timestamptz("blocked_until"),
});

/**
 * Sign-in attempts per client address (GCRA, as connector_throttles): each attempt adds
 * 1/limit of a minute to the theoretical arrival time, and an attempt that would push it more
 * than a minute ahead is refused. One row per address, so the limit holds across app instances.
 */
export const loginAddressThrottles = pgTable("login_address_throttles", {
  address: text("address").primaryKey(),
  theoreticalArrivalAt: timestamptz("theoretical_arrival_at").notNull(),
});

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
