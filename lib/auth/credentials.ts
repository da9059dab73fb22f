import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { loginThrottles, users, type User } from "@/db/schema";
import { dummyPasswordHash, verifyPassword } from "./password";

/** After this many consecutive failures for one email, each further attempt must wait. */
export const FREE_FAILURES = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A failure streak older than this is forgotten. */
const STREAK_WINDOW_MS = 60 * 60_000;

export class LoginError extends Error {
  constructor(
    readonly reason: "invalid" | "rate_limited",
    readonly retryAfterSeconds?: number,
  ) {
    super(reason === "invalid" ? "Invalid email or password." : "Too many failed attempts.");
    this.name = "LoginError";
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function blockDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

async function recordFailure(db: Db, email: string, now: Date) {
  const [row] = await db
    .insert(loginThrottles)
    .values({ email, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.email,
      set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${new Date(now.getTime() - STREAK_WINDOW_MS)}
          then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning();
  const delay = blockDelayMs(row?.failures ?? 1);
  if (delay > 0) {
    await db
      .update(loginThrottles)
      .set({ blockedUntil: new Date(now.getTime() + delay) })
      .where(eq(loginThrottles.email, email));
  }
}

/**
 * Checks an email and password. Every failure looks the same to the caller ("invalid"), whether the
 * account is unknown, deactivated or the password wrong; only throttling is told apart.
 */
export async function authenticate(db: Db, rawEmail: string, password: string, now = new Date()): Promise<User> {
  const email = normalizeEmail(rawEmail);
  const [throttle] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
  if (throttle?.blockedUntil && throttle.blockedUntil > now) {
    throw new LoginError("rate_limited", Math.ceil((throttle.blockedUntil.getTime() - now.getTime()) / 1000));
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || !user.active) {
    await recordFailure(db, email, now);
    throw new LoginError("invalid");
  }
  await db.delete(loginThrottles).where(eq(loginThrottles.email, email));
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return user;
}
