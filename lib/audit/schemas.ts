import { z } from "zod";
import { cursorSchema } from "@/lib/pagination/keyset";

// Real calendar days only (no 2023-02-29), in a range Postgres accepts.
const day = z.iso.date().refine((v) => v >= "1970-01-01");

/** Drops a malformed filter instead of failing: the filters come from a URL anyone can edit. */
const lenient = <S extends z.ZodType>(schema: S) => schema.optional().catch(undefined);

/** The Audit log's URL search params. `actor` is a user id or "system"; from/to are UTC days, inclusive. */
const auditFiltersSchema = z.object({
  entity: lenient(z.string().trim().min(1).max(50)),
  actor: lenient(z.union([z.literal("system"), z.uuid()])),
  q: lenient(z.string().trim().min(1).max(100)),
  from: lenient(day),
  to: lenient(day),
  before: lenient(cursorSchema),
});
export type AuditFilters = z.output<typeof auditFiltersSchema>;

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const first = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return auditFiltersSchema.parse(first);
}
