import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";

/**
 * Where a newest-first list stopped: the last row's (timestamp, id). The timestamp keeps
 * Postgres's microseconds; a JS Date would round them and skip or repeat rows that tie.
 */
export type Cursor = { at: string; id: string };

const cursorText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A row's timestamp as a cursor carries it: UTC, to the microsecond. Select it beside the row. */
export function cursorAt(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The opaque form a URL or a client carries: base64url of "<at>|<id>". */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url");
}

/**
 * A cursor from a URL, checked before it goes near SQL. A schema, so that a lenient filter schema
 * can drop a bad one; an API that must refuse it calls decodeCursor.
 */
export const cursorSchema = z
  .string()
  .transform((value) => Buffer.from(value, "base64url").toString("utf8"))
  .pipe(z.string().regex(cursorText))
  .transform((text): Cursor => {
    const [at, id] = text.split("|") as [string, string];
    return { at, id };
  });

/** The cursor, or a ValidationError (400) naming the parameter it came in. */
export function decodeCursor(value: string, field = "cursor"): Cursor {
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError("Invalid page cursor.", { [field]: ["Not a page cursor from this list."] });
  return parsed.data;
}

/** Text for a LIKE pattern, matched literally: `%`, `_` and the escape character itself lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
