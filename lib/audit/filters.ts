import { createLoader, createParser, createSerializer, parseAsString } from "nuqs/server";
import { z } from "zod";

// Real calendar days only (no 2023-02-29), in a range Postgres accepts.
const day = z.iso.date().refine((v) => v >= "1970-01-01");

/** Drops a malformed filter instead of failing: the filters come from a URL anyone can edit. */
const lenient = <S extends z.ZodType>(schema: S) => schema.optional().catch(undefined);

/** A nuqs parser over a zod schema: zod stays the validator, nuqs reads and writes the URL with it. */
const fromZod = (schema: z.ZodType<string | undefined, unknown>) =>
  createParser<string>({ parse: (value) => schema.parse(value) ?? null, serialize: String });

/**
 * The Audit log's filters in the URL, shared by the page (server) and the filter form (client).
 * `actor` is a user id or "system"; from/to are UTC days, inclusive. The page cursor (`before`) is
 * the page's own, in lib/audit/schemas.ts: it is not a filter and needs server code to decode.
 */
const auditFilterParsers = {
  entity: fromZod(lenient(z.string().trim().min(1).max(50))),
  actor: fromZod(lenient(z.union([z.literal("system"), z.uuid()]))),
  q: fromZod(lenient(z.string().trim().min(1).max(100))),
  from: fromZod(lenient(day)),
  to: fromZod(lenient(day)),
};

export const loadAuditFilters = createLoader(auditFilterParsers);

/** The filters and the page cursor, which the server decodes (lib/audit/schemas.ts); opaque here. */
export const auditLogParsers = { ...auditFilterParsers, before: parseAsString };

/** A link to the Audit log with these filters and cursor; empty ones are left out. */
export const auditLogHref = createSerializer(auditLogParsers);
