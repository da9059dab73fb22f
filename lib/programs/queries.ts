import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db";
import { programs } from "@/db/schema";

export function listPrograms(db: Queryable) {
  return db.select().from(programs).orderBy(asc(programs.name), asc(programs.id));
}

export async function getProgram(db: Queryable, id: string) {
  const [program] = await db.select().from(programs).where(eq(programs.id, id));
  return program ?? null;
}
