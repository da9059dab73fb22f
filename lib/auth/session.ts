import "server-only";
import { eq } from "drizzle-orm";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import type { Actor, Ctx } from "./actor";
import { auth } from "./next-auth";
import { can, type Permission } from "./permissions";

/**
 * The signed-in user, read fresh from the database once per request: a deactivated user's session
 * stops working at once and a role change applies on the next click, whatever the JWT says.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await getDb()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, id));
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: the actor, or a redirect to the login page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For pages every signed-in role may open: the actor's context, or a redirect to the login page. */
export async function requireCtx(): Promise<Ctx> {
  const actor = await requireActor();
  return { db: getDb(), actor };
}

/** For pages: the actor's context when the role grants the permission, else the 403 page. */
export async function requirePermission(permission: Permission): Promise<Ctx> {
  const ctx = await requireCtx();
  if (!can(ctx.actor.role, permission)) forbidden();
  return ctx;
}

/**
 * The actor's context when signed in with the permission, else null: for generateMetadata, which
 * must neither redirect nor answer 403 (the page itself does that).
 */
export async function currentCtx(permission: Permission): Promise<Ctx | null> {
  const actor = await currentActor();
  return actor && can(actor.role, permission) ? { db: getDb(), actor } : null;
}
