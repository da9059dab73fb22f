import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, programs } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { makeCtx, makeProgram, unique } from "@/test/support/factories";
import { rejectionOf } from "@/test/support/roles";
import { createProgram, renameProgram } from "./service";

const database = useTestDatabase();
const db = () => database().db;

function auditFor(entityId: string) {
  return db().select().from(auditLog).where(eq(auditLog.entityId, entityId));
}


describe("createProgram", () => {
  it("creates a program with a trimmed name and records who did it", async () => {
    const ctx = await makeCtx(db(), "admin");
    const name = unique("Coffee Club");
    const program = await createProgram(ctx, { name: `  ${name} ` });
    expect(program.name).toBe(name);
    const [entry, ...more] = await auditFor(program.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      action: "program.created",
      entityType: "program",
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      changes: { name: { before: null, after: name } },
    });
  });

  it("answers a missing or too long name next to the field", async () => {
    const ctx = await makeCtx(db(), "admin");
    const empty = await rejectionOf(createProgram(ctx, { name: "   " }));
    expect(empty).toBeInstanceOf(ValidationError);
    expect((empty as ValidationError).fieldErrors).toEqual({ name: ["Enter a name."] });
    const long = await rejectionOf(createProgram(ctx, { name: "x".repeat(101) }));
    expect((long as ValidationError).fieldErrors).toEqual({ name: ["Use at most 100 characters."] });
    const missing = await rejectionOf(createProgram(ctx, {}));
    expect((missing as ValidationError).fieldErrors?.name).toBeDefined();
    expect(await createProgram(ctx, { name: "y".repeat(100) })).toMatchObject({ name: "y".repeat(100) });
  });

  it("refuses a duplicate name, whatever its case, and writes nothing", async () => {
    const ctx = await makeCtx(db(), "admin");
    const existing = await makeProgram(db());
    for (const name of [existing.name, existing.name.toUpperCase()]) {
      const error = await rejectionOf(createProgram(ctx, { name }));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).fieldErrors).toEqual({ name: ["A program with this name already exists."] });
    }
    const rows = await db().select().from(programs).where(eq(programs.name, existing.name.toUpperCase()));
    expect(rows).toHaveLength(0);
  });

  it("turns a concurrent duplicate, even in another letter case, into the same field error", async () => {
    const ctx = await makeCtx(db(), "admin");
    const name = unique("Race");
    // Differing only in case: the database's lower(name) index, not just the verb's check, refuses one.
    const results = await Promise.allSettled([createProgram(ctx, { name }), createProgram(ctx, { name: name.toUpperCase() })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected");
    expect(failed?.reason).toBeInstanceOf(ConflictError);
    expect((failed?.reason as ConflictError).fieldErrors).toEqual({ name: ["A program with this name already exists."] });
  });

  it("refuses a marketer and writes nothing", async () => {
    const ctx = await makeCtx(db(), "marketer");
    const name = unique("Forbidden");
    await expect(createProgram(ctx, { name })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().select().from(programs).where(eq(programs.name, name))).toHaveLength(0);
  });
});

describe("renameProgram", () => {
  it("renames and records the before and after", async () => {
    const ctx = await makeCtx(db(), "admin");
    const program = await makeProgram(db());
    const name = unique("Renamed");
    const renamed = await renameProgram(ctx, { id: program.id, name });
    expect(renamed.name).toBe(name);
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(program.updatedAt.getTime());
    const entries = await auditFor(program.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "program.renamed",
      changes: { name: { before: program.name, after: name } },
    });
  });

  it("changes nothing and records nothing when the name is the same", async () => {
    const ctx = await makeCtx(db(), "admin");
    const program = await makeProgram(db());
    await renameProgram(ctx, { id: program.id, name: program.name });
    expect(await auditFor(program.id)).toHaveLength(0);
  });

  it("allows a change of case of its own name but not another program's name", async () => {
    const ctx = await makeCtx(db(), "admin");
    const program = await makeProgram(db(), unique("lower"));
    const other = await makeProgram(db());
    expect((await renameProgram(ctx, { id: program.id, name: program.name.toUpperCase() })).name).toBe(
      program.name.toUpperCase(),
    );
    const error = await rejectionOf(renameProgram(ctx, { id: program.id, name: other.name }));
    expect((error as ConflictError).fieldErrors).toEqual({ name: ["A program with this name already exists."] });
  });

  it("validates the id and the name, and reports an unknown program", async () => {
    const ctx = await makeCtx(db(), "admin");
    const error = await rejectionOf(renameProgram(ctx, { id: "nope", name: "" }));
    expect((error as ValidationError).fieldErrors).toEqual({ id: ["Unknown program."], name: ["Enter a name."] });
    await expect(renameProgram(ctx, { id: crypto.randomUUID(), name: "Ghost" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a marketer and leaves the name alone", async () => {
    const ctx = await makeCtx(db(), "marketer");
    const program = await makeProgram(db());
    await expect(renameProgram(ctx, { id: program.id, name: unique("Nope") })).rejects.toBeInstanceOf(ForbiddenError);
    const [row] = await db().select().from(programs).where(eq(programs.id, program.id));
    expect(row?.name).toBe(program.name);
  });
});
