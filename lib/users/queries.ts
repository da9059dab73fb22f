import { asc } from "drizzle-orm";
import type { Queryable } from "@/db";
import { users } from "@/db/schema";

/** Users as the Users screen shows them: never the password hash. */
export async function listUsers(db: Queryable) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .orderBy(asc(users.name), asc(users.id));
}
