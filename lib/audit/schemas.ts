import { cursorSchema, type Cursor } from "@/lib/pagination/keyset";
import { loadAuditFilters } from "./filters";

export type AuditFilters = { entity?: string; actor?: string; q?: string; from?: string; to?: string; before?: Cursor };

/** The Audit log's URL search params: the filters (lib/audit/filters.ts) and the page cursor. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const { entity, actor, q, from, to } = loadAuditFilters(params);
  const before = Array.isArray(params.before) ? params.before[0] : params.before;
  return {
    entity: entity ?? undefined,
    actor: actor ?? undefined,
    q: q ?? undefined,
    from: from ?? undefined,
    to: to ?? undefined,
    // A malformed cursor starts from the newest entries instead of failing.
    before: cursorSchema.optional().catch(undefined).parse(before),
  };
}
