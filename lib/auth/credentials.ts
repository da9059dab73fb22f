import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { loginThrottles, users, type User } from "@/db/schema";
import { reserveAddressAttempt } from "./address-limit";
import { dummyPasswordHash, verifyPassword } from "./password";

/** After this many consecutive failures for one email, each further attempt must wait. */
export const FREE_FAILURES = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A failure streak older than this is forgotten. */
const STREAK_WINDOW_MS = 60 * 60_000;

export class LoginError extends Error {
  constructor(
    readonly reason: "invalid" | "rate_limited" | "address_rate_limited",
    readonly retryAfterSeconds?: number,
  ) {
    super(
      reason === "invalid"
        ? "Invalid email or password."
        : reason === "rate_limited"
          ? "Too many failed attempts."
          : "Too many sign-in attempts from this address.",
    );
    this.name = "LoginError";
  }
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** How long an email is locked after its `failures`-th failure in a row (SQL, on the stored count). */
function lockedUntil(failures: SQL, now: Date): SQL {
  // The exponent is capped: a streak kept alive for days must not overflow power().
  return sql`case when ${failures} >= ${FREE_FAILURES} then ${now}::timestamptz + least(
    ${BASE_DELAY_MS} * power(2, least(${failures} - ${FREE_FAILURES}, 16)), ${MAX_DELAY_MS}
  ) * interval '1 millisecond' end`;
}

/**
 * Counts an attempt as a failure before its password is checked, unless the email is locked, and
 * locks it in the same statement once the streak reaches FREE_FAILURES: parallel guesses queue on
 * the row's lock, so N of them count N and none gets past the lock. A success deletes the streak.
 * Returns false when the email is locked.
 */
async function reserveAttempt(db: Db, email: string, now: Date): Promise<boolean> {
  const t = loginThrottles;
  const failures = sql`case when ${t.lastFailureAt} < ${new Date(now.getTime() - STREAK_WINDOW_MS)} then 1 else ${t.failures} + 1 end`;
  const rows = await db
    .insert(t)
    .values({ email, failures: 1, lastFailureAt: now, blockedUntil: lockedUntil(sql`1`, now) })
    .onConflictDoUpdate({
      target: t.email,
      set: { failures, lastFailureAt: now, blockedUntil: lockedUntil(failures, now) },
      setWhere: sql`${t.blockedUntil} is null or ${t.blockedUntil} <= ${now}`,
    })
    .returning({ email: t.email });
  return rows.length > 0;
}

async function lockedError(db: Db, email: string, now: Date): Promise<LoginError> {
  const [row] = await db.select({ blockedUntil: loginThrottles.blockedUntil }).from(loginThrottles).where(eq(loginThrottles.email, email));
  const ms = (row?.blockedUntil?.getTime() ?? 0) - now.getTime();
  return new LoginError("rate_limited", Math.max(1, Math.ceil(ms / 1000)));
}

export type AttemptContext = {
  now?: Date;
  /** The client's address (see clientAddress) and how many attempts it may make per minute. */
  client?: { address: string; attemptsPerMinute: number };
};

/**
 * Checks an email and password. Every failure looks the same to the caller ("invalid"), whether the
 * account is unknown, deactivated or the password wrong; only throttling is told apart.
 */
export async function authenticate(db: Db, rawEmail: string, password: string, context: AttemptContext = {}): Promise<User> {
  const { now = new Date(), client } = context;
  const email = normalizeEmail(rawEmail);
  // The address first: a client over its limit must not add to (or lock) anyone's streak.
  if (client && !(await reserveAddressAttempt(db, client.address, client.attemptsPerMinute, now))) {
    throw new LoginError("address_rate_limited");
  }
  if (!(await reserveAttempt(db, email, now))) throw await lockedError(db, email, now);
  // No transaction is open while the hash is computed: PGlite has one connection.
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || !user.active) throw new LoginError("invalid");
  await db.delete(loginThrottles).where(eq(loginThrottles.email, email));
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return user;
}
