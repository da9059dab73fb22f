import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loginThrottles, users } from "@/db/schema";
import { makeUser, TEST_PASSWORD } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { authenticate, FREE_FAILURES, LoginError } from "./credentials";

const database = useTestDatabase();

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoginError);
  return error as LoginError;
}

describe("authenticate", () => {
  it("accepts the right password, case-insensitively on the email, and records the sign-in", async () => {
    const { db } = database();
    const actor = await makeUser(db, "marketer");
    const user = await authenticate(db, `  ${actor.email.toUpperCase()} `, TEST_PASSWORD);
    expect(user.id).toBe(actor.id);
    const [row] = await db.select().from(users).where(eq(users.id, actor.id));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("gives the same error for a wrong password, an unknown email and a deactivated account", async () => {
    const { db } = database();
    const actor = await makeUser(db, "marketer");
    const wrong = await failure(authenticate(db, actor.email, "wrong password"));
    const unknown = await failure(authenticate(db, "nobody@test.example", TEST_PASSWORD));
    await db.update(users).set({ active: false }).where(eq(users.id, actor.id));
    const deactivated = await failure(authenticate(db, actor.email, TEST_PASSWORD));
    for (const e of [wrong, unknown, deactivated]) {
      expect(e.reason).toBe("invalid");
      expect(e.message).toBe("Invalid email or password.");
    }
  });

  it("slows down repeated failures for one email, even with the right password", async () => {
    const { db } = database();
    const actor = await makeUser(db, "admin");
    const t0 = new Date("2030-01-01T00:00:00Z");
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await failure(authenticate(db, actor.email, "guess", { now: t0 }))).reason).toBe("invalid");
    }
    const blocked = await failure(authenticate(db, actor.email, TEST_PASSWORD, { now: new Date(t0.getTime() + 1000) }));
    expect(blocked.reason).toBe("rate_limited");
    expect(blocked.retryAfterSeconds).toBe(29);
    // After the delay, the right password works and clears the streak.
    const later = new Date(t0.getTime() + 30_000 + 1);
    await expect(authenticate(db, actor.email, TEST_PASSWORD, { now: later })).resolves.toMatchObject({ id: actor.id });
    await failure(authenticate(db, actor.email, "guess", { now: later }));
    await expect(authenticate(db, actor.email, TEST_PASSWORD, { now: later })).resolves.toMatchObject({ id: actor.id });
  });

  it("throttling one email does not affect another", async () => {
    const { db } = database();
    const victim = await makeUser(db, "marketer");
    const other = await makeUser(db, "marketer");
    const now = new Date("2030-02-01T00:00:00Z");
    for (let i = 0; i < FREE_FAILURES; i++) await failure(authenticate(db, victim.email, "guess", { now }));
    await expect(authenticate(db, other.email, TEST_PASSWORD, { now })).resolves.toMatchObject({ id: other.id });
  });

  it("doubles the lock with each further failure, up to 15 minutes", async () => {
    const { db } = database();
    const actor = await makeUser(db, "admin");
    let now = new Date("2030-03-01T00:00:00Z");
    for (let i = 0; i < FREE_FAILURES; i++) await failure(authenticate(db, actor.email, "guess", { now }));
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const wait = (await failure(authenticate(db, actor.email, "guess", { now }))).retryAfterSeconds!;
      waits.push(wait);
      now = new Date(now.getTime() + wait * 1000);
      await failure(authenticate(db, actor.email, "guess", { now }));
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it("counts parallel wrong passwords one by one, and tries none past the lock", async () => {
    const { db } = database();
    const actor = await makeUser(db, "marketer");
    const now = new Date("2030-04-01T00:00:00Z");
    const burst = await Promise.all(
      Array.from({ length: FREE_FAILURES }, () => failure(authenticate(db, actor.email, "guess", { now }))),
    );
    expect(burst.map((e) => e.reason)).toEqual(Array(FREE_FAILURES).fill("invalid"));
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, actor.email));
    expect(row?.failures).toBe(FREE_FAILURES);
    expect((await failure(authenticate(db, actor.email, TEST_PASSWORD, { now }))).reason).toBe("rate_limited");
  });

  it("checks only FREE_FAILURES passwords of a larger parallel burst; the rest are refused unchecked", async () => {
    const { db } = database();
    const actor = await makeUser(db, "marketer");
    const now = new Date("2030-05-01T00:00:00Z");
    const burst = await Promise.all(
      Array.from({ length: 3 * FREE_FAILURES }, () => failure(authenticate(db, actor.email, "guess", { now }))),
    );
    expect(burst.filter((e) => e.reason === "invalid")).toHaveLength(FREE_FAILURES);
    expect(burst.filter((e) => e.reason === "rate_limited")).toHaveLength(2 * FREE_FAILURES);
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, actor.email));
    expect(row?.failures).toBe(FREE_FAILURES);
    expect(row?.blockedUntil?.getTime()).toBe(now.getTime() + 30_000);
    expect((await failure(authenticate(db, actor.email, TEST_PASSWORD, { now }))).reason).toBe("rate_limited");
  });

  it("refuses a client address over its limit before looking at the email, and lets another address through", async () => {
    const { db } = database();
    const actor = await makeUser(db, "marketer");
    const now = new Date("2030-06-01T00:00:00Z");
    const limited = { address: "198.51.100.7", attemptsPerMinute: 3 };
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => failure(authenticate(db, `nobody-${Math.random()}@test.example`, "guess", { now, client: limited }))),
    );
    expect(burst.map((e) => e.reason).sort()).toEqual(["address_rate_limited", "address_rate_limited", "invalid", "invalid", "invalid"]);
    // Even the right password: the address is refused before anything else happens.
    const refused = await failure(authenticate(db, actor.email, TEST_PASSWORD, { now, client: limited }));
    expect(refused.reason).toBe("address_rate_limited");
    expect(refused.message).toBe("Too many sign-in attempts from this address.");
    const [streak] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, actor.email));
    expect(streak).toBeUndefined();
    const other = { address: "198.51.100.8", attemptsPerMinute: 3 };
    await expect(authenticate(db, actor.email, TEST_PASSWORD, { now, client: other })).resolves.toMatchObject({ id: actor.id });
    // A third of a minute later, one more attempt from the first address.
    const later = new Date(now.getTime() + 20_000);
    await expect(authenticate(db, actor.email, TEST_PASSWORD, { now: later, client: limited })).resolves.toMatchObject({ id: actor.id });
    expect((await failure(authenticate(db, actor.email, TEST_PASSWORD, { now: later, client: limited }))).reason).toBe("address_rate_limited");
  });
});
