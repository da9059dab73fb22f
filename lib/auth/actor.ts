import type { Db } from "@/db";
import type { Role } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { can, type Permission } from "./permissions";

/** Who is acting: a signed-in user, read fresh from the database on every request. */
export type Actor = { id: string; email: string; name: string; role: Role };

/** What every verb receives: the database and the actor. */
export type Ctx = { db: Db; actor: Actor };

/** Throws unless the actor's role grants the permission. Verbs call it themselves. */
export function assertCan(actor: Actor, permission: Permission) {
  if (!can(actor.role, permission)) throw new ForbiddenError();
}
