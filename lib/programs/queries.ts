import { asc } from "drizzle-orm";
import type { Queryable } from "@/db";
import { programs } from "@/db/schema";

export function listPrograms(db: Queryable) {
  return db.select().from(programs).orderBy(asc(programs.name), asc(programs.id));
}
