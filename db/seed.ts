import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { programs, users } from "./schema";
import { insertUser } from "@/lib/users/service";

/** The demo accounts, also printed in the README. Only ever created outside production. */
export const DEMO_USERS = [
  { name: "Ada Admin", email: "admin@example.com", role: "admin", password: "admin-demo-password" },
  { name: "Mia Marketer", email: "marketer@example.com", role: "marketer", password: "marketer-demo-password" },
] as const;

export const DEMO_PROGRAMS = ["Coffee Club Rewards", "Sportswear Insiders"] as const;

/**
 * Seeds the demo on an empty database (no users at all); does nothing otherwise, so a restart
 * never resurrects a deleted account. Returns whether it seeded.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  for (const user of DEMO_USERS) await insertUser(db, null, user);
  await db
    .insert(programs)
    .values(DEMO_PROGRAMS.map((name) => ({ name })))
    .onConflictDoNothing();
  return true;
}
