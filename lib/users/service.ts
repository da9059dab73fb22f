import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db";
import { users, type User } from "@/db/schema";
import { assertCan, type Actor, type Ctx } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { diff, insertAudited, updateAudited } from "@/lib/audit/service";
import { ConflictError, NotFoundError, uniqueTransaction } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { changeRoleSchema, createUserSchema, setUserActiveSchema } from "./schemas";

/**
 * Inserts a user and its audit row. Shared by the admin verb, the demo seed and the
 * `user:create` command (actor null = the system).
 */
export async function insertUser(db: Queryable, actor: Actor | null, raw: unknown): Promise<User> {
  const input = parseInput(createUserSchema, raw);
  const passwordHash = await hashPassword(input.password);
  return uniqueTransaction(db, { field: "email", message: "A user with this email already exists." }, (tx) =>
    insertAudited(tx, actor, users, { name: input.name, email: input.email, role: input.role, passwordHash }, () => ({
      action: "user.created",
      entityType: "user",
      summary: `Created ${input.role} ${input.email}`,
      changes: diff(null, { name: input.name, email: input.email, role: input.role }),
    })),
  );
}

export async function createUser(ctx: Ctx, input: unknown) {
  assertCan(ctx.actor, "users.write");
  const { passwordHash: _hash, ...user } = await insertUser(ctx.db, ctx.actor, input);
  return user;
}

/**
 * Locks every active admin row, so two admins demoting each other at the same time cannot both
 * succeed and leave nobody in charge.
 */
async function activeAdminIds(tx: Queryable): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)))
    .for("update");
  return rows.map((r) => r.id);
}

async function lockUser(tx: Queryable, userId: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new NotFoundError("User");
  return user;
}

export async function changeUserRole(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "users.write");
  const input = parseInput(changeRoleSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const admins = await activeAdminIds(tx);
    const user = await lockUser(tx, input.userId);
    if (user.role === input.role) return user;
    if (user.role === "admin" && user.active && admins.length <= 1) {
      throw new ConflictError("The last active admin cannot be demoted. Make someone else an admin first.");
    }
    return updateAudited(tx, ctx.actor, users, user.id, { role: input.role }, {
      action: "user.role_changed",
      entityType: "user",
      summary: `Changed ${user.email} from ${user.role} to ${input.role}`,
      changes: diff({ role: user.role }, { role: input.role }),
    });
  });
}

export async function setUserActive(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "users.write");
  const input = parseInput(setUserActiveSchema, raw);
  if (!input.active && input.userId === ctx.actor.id) {
    throw new ConflictError("You cannot deactivate your own account.");
  }
  return ctx.db.transaction(async (tx) => {
    const admins = await activeAdminIds(tx);
    const user = await lockUser(tx, input.userId);
    if (user.active === input.active) return user;
    if (!input.active && user.role === "admin" && admins.length <= 1) {
      throw new ConflictError("The last active admin cannot be deactivated.");
    }
    return updateAudited(tx, ctx.actor, users, user.id, { active: input.active }, {
      action: input.active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      summary: `${input.active ? "Reactivated" : "Deactivated"} ${user.email}`,
      changes: diff({ active: user.active }, { active: input.active }),
    });
  });
}
