import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/credentials";
import { listPrograms } from "@/lib/programs/queries";
import { useTestDatabase } from "@/test/support/db";
import { listUsers } from "@/lib/users/queries";
import { DEMO_PROGRAMS, DEMO_USERS, seedDemo } from "./seed";

const database = useTestDatabase();

describe("seedDemo", () => {
  it("creates the demo admin, marketer and two programs once, with working passwords", async () => {
    const { db } = database();
    expect(await seedDemo(db)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
    const users = await listUsers(db);
    expect(users.map((u) => [u.email, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.email, u.role]).sort());
    expect((await listPrograms(db)).map((p) => p.name).sort()).toEqual([...DEMO_PROGRAMS].sort());
    for (const demo of DEMO_USERS) {
      await expect(authenticate(db, demo.email, demo.password)).resolves.toMatchObject({ role: demo.role });
    }
  });
});
