import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["admin", "marketer"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** Alerts created after this are unread in the user's bell. */
    alertsReadAt: timestamp("alerts_read_at", { withTimezone: true }),
  },
  (t) => [index("users_active_role_idx").on(t.active, t.role).where(sql`${t.active}`)],
);

/** Failed sign-ins per email, so repeated guessing is slowed down across every app instance. */
export const loginThrottles = pgTable("login_throttles", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/**
 * Sign-in attempts per client address (GCRA, as connector_throttles): each attempt adds
 * 1/limit of a minute to the theoretical arrival time, and an attempt that would push it more
 * than a minute ahead is refused. One row per address, so the limit holds across app instances.
 */
export const loginAddressThrottles = pgTable("login_address_throttles", {
  address: text("address").primaryKey(),
  theoreticalArrivalAt: timestamp("theoretical_arrival_at", { withTimezone: true }).notNull(),
});

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
