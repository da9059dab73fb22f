import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { programs, type Role } from "@/db/schema";
import type { Actor, Ctx } from "@/lib/auth/actor";
import { insertUser } from "@/lib/users/service";

export function unique(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export const TEST_PASSWORD = "correct horse battery";

/** A user with a unique email; returns it as an Actor for calling verbs. */
export async function makeUser(db: Db, role: Role, overrides: { email?: string; name?: string } = {}): Promise<Actor> {
  const email = overrides.email ?? `${unique(role)}@test.example`;
  const user = await insertUser(db, null, { name: overrides.name ?? `Test ${role}`, email, role, password: TEST_PASSWORD });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function makeCtx(db: Db, role: Role): Promise<Ctx> {
  return { db, actor: await makeUser(db, role) };
}

export async function makeProgram(db: Db, name = unique("Program")) {
  const [program] = await db.insert(programs).values({ name }).returning();
  return program!;
}
