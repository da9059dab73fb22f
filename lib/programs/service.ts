import { and, eq, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { programs, type Program } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, recordAudit } from "@/lib/audit/service";
import { ConflictError, NotFoundError, isUniqueViolation } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { createProgramSchema, renameProgramSchema } from "./schemas";

const DUPLICATE = "A program with this name already exists.";
const duplicateName = () => new ConflictError(DUPLICATE, { name: [DUPLICATE] });

/**
 * The column is unique as typed; names differing only by case would still look like duplicates
 * in every program picker, so they are refused here too.
 */
async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(sql`lower(${programs.name})`, name.toLowerCase()), exceptId ? ne(programs.id, exceptId) : undefined))
    .limit(1);
  if (clash) throw duplicateName();
}

/** Runs a write, turning the name's unique violation (a concurrent duplicate) into a field error. */
async function withUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

export async function createProgram(ctx: Ctx, raw: unknown): Promise<Program> {
  assertCan(ctx.actor, "programs.write");
  const input = parseInput(createProgramSchema, raw);
  return withUniqueName(() =>
    ctx.db.transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      const [program] = await tx.insert(programs).values({ name: input.name }).returning();
      if (!program) throw new Error("insert returned no row");
      await recordAudit(tx, ctx.actor, {
        action: "program.created",
        entityType: "program",
        entityId: program.id,
        summary: `Created program ${program.name}`,
        changes: diff(null, { name: program.name }),
      });
      return program;
    }),
  );
}

export async function renameProgram(ctx: Ctx, raw: unknown): Promise<Program> {
  assertCan(ctx.actor, "programs.write");
  const input = parseInput(renameProgramSchema, raw);
  return withUniqueName(() =>
    ctx.db.transaction(async (tx) => {
      const [program] = await tx.select().from(programs).where(eq(programs.id, input.id)).for("update");
      if (!program) throw new NotFoundError("Program");
      if (program.name === input.name) return program;
      await assertNameFree(tx, input.name, program.id);
      const [renamed] = await tx
        .update(programs)
        .set({ name: input.name, updatedAt: sql`now()` })
        .where(eq(programs.id, program.id))
        .returning();
      await recordAudit(tx, ctx.actor, {
        action: "program.renamed",
        entityType: "program",
        entityId: program.id,
        summary: `Renamed program ${program.name} to ${input.name}`,
        changes: diff({ name: program.name }, { name: input.name }),
      });
      return renamed!;
    }),
  );
}
