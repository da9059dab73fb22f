import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db";
import { programs } from "@/db/schema";

export function listPrograms(db: Queryable) {
  return db.select().from(programs).orderBy(asc(programs.name), asc(programs.id));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The program, or null; `id` comes from a URL anyone can edit, so a malformed one is no program, not a database error. */
export async function getProgram(db: Queryable, id: string) {
  if (!UUID.test(id)) return null;
  const [program] = await db.select().from(programs).where(eq(programs.id, id));
  return program ?? null;
}
