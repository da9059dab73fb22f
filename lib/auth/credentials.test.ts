import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { makeUser, TEST_PASSWORD } from "@/lib/testing/factories";
import { useTestDatabase } from "@/lib/testing/db";
import { authenticate, blockDelayMs, FREE_FAILURES, LoginError } from "./credentials";

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
      expect((await failure(authenticate(db, actor.email, "guess", t0))).reason).toBe("invalid");
    }
    const blocked = await failure(authenticate(db, actor.email, TEST_PASSWORD, new Date(t0.getTime() + 1000)));
    expect(blocked.reason).toBe("rate_limited");
    expect(blocked.retryAfterSeconds).toBe(29);
    // After the delay, the right password works and clears the streak.
    const later = new Date(t0.getTime() + blockDelayMs(FREE_FAILURES) + 1);
    await expect(authenticate(db, actor.email, TEST_PASSWORD, later)).resolves.toMatchObject({ id: actor.id });
    await failure(authenticate(db, actor.email, "guess", later));
    await expect(authenticate(db, actor.email, TEST_PASSWORD, later)).resolves.toMatchObject({ id: actor.id });
  });

  it("throttling one email does not affect another", async () => {
    const { db } = database();
    const victim = await makeUser(db, "marketer");
    const other = await makeUser(db, "marketer");
    const now = new Date("2030-02-01T00:00:00Z");
    for (let i = 0; i < FREE_FAILURES; i++) await failure(authenticate(db, victim.email, "guess", now));
    await expect(authenticate(db, other.email, TEST_PASSWORD, now)).resolves.toMatchObject({ id: other.id });
  });

  it("doubles the delay with each further failure, up to 15 minutes", () => {
    expect(blockDelayMs(FREE_FAILURES - 1)).toBe(0);
    expect(blockDelayMs(FREE_FAILURES)).toBe(30_000);
    expect(blockDelayMs(FREE_FAILURES + 1)).toBe(60_000);
    expect(blockDelayMs(FREE_FAILURES + 20)).toBe(15 * 60_000);
  });
});
