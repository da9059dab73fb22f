import { sql, type SQL } from "drizzle-orm";

/**
 * Whether an event's member and data pass a compiled filter: the one expression both the ingest
 * statement and the dry run use, so Test filter shows exactly what ingest will do.
 *
 * `silent` (the fourth argument) turns the errors jsonb_path_match can meet while evaluating a
 * valid path (a missing field, a value of another type) into "unknown", and a result that is not
 * one boolean into null; `coalesce(…, false)` makes both "no match". What silent does not cover
 * (path text that does not parse, a variable missing from `vars`) cannot be stored: the save
 * compiles the path from known fields and evaluates it once before writing it.
 */
export function filterMatches(member: SQL, data: SQL, path: SQL, vars: SQL): SQL {
  return sql`coalesce(jsonb_path_match(jsonb_build_object('member', ${member}, 'data', ${data}), ${path}::jsonpath, ${vars}, true), false)`;
}
