import { sql, type SQL } from "drizzle-orm";

/** Rows of a raw statement: node-postgres returns a QueryResult, PGlite a Results object, both with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A uuid[] parameter, for `id = any(...)`: one parameter for any number of ids (so a prepared
 * statement's text stays the same), and a condition the planner serves from the primary key. (A
 * set-returning function over a JSON list would be estimated at 100 rows and scanned against the
 * whole table.)
 */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}
