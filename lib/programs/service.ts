import { and, eq, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { programs, type Program } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { diff, insertAudited, updateAudited } from "@/lib/audit/service";
import { ConflictError, NotFoundError, uniqueTransaction } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { createProgramSchema, renameProgramSchema } from "./schemas";

const DUPLICATE = { field: "name", message: "A program with this name already exists." };

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
  if (clash) throw new ConflictError(DUPLICATE.message, { name: [DUPLICATE.message] });
}

export async function createProgram(ctx: Ctx, raw: unknown): Promise<Program> {
  assertCan(ctx.actor, "programs.write");
  const input = parseInput(createProgramSchema, raw);
  return uniqueTransaction(ctx.db, DUPLICATE, async (tx) => {
    await assertNameFree(tx, input.name);
    return insertAudited(tx, ctx.actor, programs, { name: input.name }, (program) => ({
      action: "program.created",
      entityType: "program",
      summary: `Created program ${program.name}`,
      changes: diff(null, { name: program.name }),
    }));
  });
}

export async function renameProgram(ctx: Ctx, raw: unknown): Promise<Program> {
  assertCan(ctx.actor, "programs.write");
  const input = parseInput(renameProgramSchema, raw);
  return uniqueTransaction(ctx.db, DUPLICATE, async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, input.id)).for("update");
    if (!program) throw new NotFoundError("Program");
    if (program.name === input.name) return program;
    await assertNameFree(tx, input.name, program.id);
    return updateAudited(tx, ctx.actor, programs, program.id, { name: input.name }, {
      action: "program.renamed",
      entityType: "program",
      summary: `Renamed program ${program.name} to ${input.name}`,
      changes: diff({ name: program.name }, { name: input.name }),
    });
  });
}
