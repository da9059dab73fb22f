import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { makeCtx, makeUser, unique } from "@/test/support/factories";
import { rejectionOf } from "@/test/support/roles";
import { useTestDatabase } from "@/test/support/db";
import { listUsers } from "./queries";
import { changeUserRole, createUser, setUserActive } from "./service";

const database = useTestDatabase();


describe("users", () => {
  it("creates a user with a hashed password and an audit row, never returning the hash", async () => {
    const ctx = await makeCtx(database().db, "admin");
    const email = `${unique("new")}@test.example`;
    const user = await createUser(ctx, { name: "New Person", email: email.toUpperCase(), role: "marketer", password: "long enough password" });
    expect(user).not.toHaveProperty("passwordHash");
    expect(user.email).toBe(email);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).not.toContain("long enough password");
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audit).toMatchObject([{ action: "user.created", actorId: ctx.actor.id }]);
    expect(JSON.stringify(audit[0]?.changes)).not.toContain("long enough password");
    const listed = await listUsers(ctx.db);
    expect(listed.find((u) => u.id === user.id)).not.toHaveProperty("passwordHash");
  });

  it("names each invalid field", async () => {
    const ctx = await makeCtx(database().db, "admin");
    const error = await rejectionOf(createUser(ctx, { name: "", email: "nope", role: "owner", password: "short" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({
      name: ["Enter a name."],
      email: ["Enter a valid email address."],
      role: ["Choose a role."],
      password: ["Use at least 10 characters."],
    });
  });

  it("refuses a duplicate email on the email field and writes nothing", async () => {
    const ctx = await makeCtx(database().db, "admin");
    const existing = await makeUser(ctx.db, "marketer");
    const before = (await ctx.db.select().from(auditLog)).length;
    const error = await rejectionOf(createUser(ctx, { name: "Copy", email: existing.email, role: "marketer", password: "long enough password" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).fieldErrors?.email).toEqual(["A user with this email already exists."]);
    expect((await ctx.db.select().from(auditLog)).length).toBe(before);
  });

  it("refuses every write to a marketer", async () => {
    const ctx = await makeCtx(database().db, "marketer");
    const target = await makeUser(ctx.db, "marketer");
    await expect(createUser(ctx, { name: "X", email: `${unique("x")}@test.example`, role: "admin", password: "long enough password" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeUserRole(ctx, { userId: target.id, role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setUserActive(ctx, { userId: target.id, active: false })).rejects.toBeInstanceOf(ForbiddenError);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ role: "marketer", active: true });
  });

  it("changes roles and deactivates, with audit rows", async () => {
    const ctx = await makeCtx(database().db, "admin");
    const target = await makeUser(ctx.db, "marketer");
    await changeUserRole(ctx, { userId: target.id, role: "admin" });
    await setUserActive(ctx, { userId: target.id, active: false });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ role: "admin", active: false });
    const actions = await ctx.db
      .select({ action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, target.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(["user.created", "user.deactivated", "user.role_changed"]);
    expect(actions.find((a) => a.action === "user.role_changed")?.changes).toEqual({ role: { before: "marketer", after: "admin" } });
  });

  it("an admin cannot deactivate themselves", async () => {
    const ctx = await makeCtx(database().db, "admin");
    await expect(setUserActive(ctx, { userId: ctx.actor.id, active: false })).rejects.toThrow("You cannot deactivate your own account.");
  });
});

describe("the last active admin", () => {
  // A database for each test: the count of admins must be exactly what the test makes.
  const isolated = useTestDatabase({ perTest: true });

  it("cannot be demoted or deactivated, until another admin exists", async () => {
    const { db } = isolated();
    const only = await makeUser(db, "admin");
    const helper = await makeUser(db, "marketer");
    const ctx = { db, actor: only };
    // The actor is the only admin; another admin acting on them is simulated by a second admin later.
    await expect(changeUserRole(ctx, { userId: only.id, role: "marketer" })).rejects.toThrow(
      "The last active admin cannot be demoted. Make someone else an admin first.",
    );
    await changeUserRole(ctx, { userId: helper.id, role: "admin" });
    const second = { db, actor: { ...helper, role: "admin" as const } };
    await setUserActive(second, { userId: only.id, active: false });
    // Now `helper` is the last active admin: the deactivated admin does not count.
    await expect(changeUserRole(second, { userId: helper.id, role: "marketer" })).rejects.toBeInstanceOf(ConflictError);
    const [row] = await db.select().from(users).where(eq(users.id, helper.id));
    expect(row?.role).toBe("admin");
  });

  it("stays with one of two admins demoting each other at the same time", async () => {
    const { db } = isolated();
    const a = await makeUser(db, "admin");
    const b = await makeUser(db, "admin");
    const results = await Promise.allSettled([
      changeUserRole({ db, actor: a }, { userId: b.id, role: "marketer" }),
      changeUserRole({ db, actor: b }, { userId: a.id, role: "marketer" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await db.select().from(users).where(and(eq(users.role, "admin"), eq(users.active, true)));
    expect(admins.length).toBeGreaterThanOrEqual(1);
  });
});
