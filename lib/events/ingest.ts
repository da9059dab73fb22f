import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { events } from "@/db/schema";
import { dataSchemaFor, memberSchema } from "./catalog";
import { eventTypeIds, type EventType } from "./types";

export const MAX_BATCH = 500;

const envelopeSchema = z
  .object({
    type: z.enum(eventTypeIds, { error: `Must be one of: ${eventTypeIds.join(", ")}.` }),
    member: z.unknown(),
    data: z.unknown(),
    id: z.string().trim().min(1, "Must not be empty.").max(200, "Use at most 200 characters.").optional(),
    occurredAt: z.iso.datetime({ offset: true, error: "Use an ISO-8601 date-time, e.g. 2026-05-01T12:00:00Z." }).optional(),
  })
  .strict();

export type IngestIssue = { path: string; message: string };
export type IngestItem = {
  type: EventType;
  member: z.output<typeof memberSchema>;
  data: Record<string, unknown>;
  id?: string;
  occurredAt?: string;
};

/** `[2].data.points`, `member.email`: the path a sender can find in their own payload. */
function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(body)";
}

function collect(prefix: string, error: z.ZodError, into: IngestIssue[]) {
  for (const issue of error.issues) into.push({ path: formatPath(prefix, issue.path), message: issue.message });
}

function validateItem(raw: unknown, prefix: string, issues: IngestIssue[]): IngestItem | null {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    collect(prefix, envelope.error, issues);
    return null;
  }
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  const member = memberSchema.safeParse(envelope.data.member ?? undefined);
  const data = dataSchemaFor(envelope.data.type).safeParse(envelope.data.data ?? undefined);
  if (!member.success) collect(at("member"), member.error, issues);
  if (!data.success) collect(at("data"), data.error, issues);
  if (!member.success || !data.success) return null;
  return { ...envelope.data, member: member.data, data: data.data as Record<string, unknown> };
}

/**
 * Validates an ingest body: one event or an array of 1–500. All or nothing: any issue rejects the
 * whole batch, so a sender never has to work out which half was stored.
 */
export function validateIngestBody(body: unknown): { ok: true; items: IngestItem[]; batch: boolean } | { ok: false; issues: IngestIssue[] } {
  const issues: IngestIssue[] = [];
  if (Array.isArray(body)) {
    if (body.length === 0) return { ok: false, issues: [{ path: "(body)", message: "Send at least one event." }] };
    if (body.length > MAX_BATCH) {
      return { ok: false, issues: [{ path: "(body)", message: `Send at most ${MAX_BATCH} events per request.` }] };
    }
    const items = body.map((raw, i) => validateItem(raw, `[${i}]`, issues));
    return issues.length ? { ok: false, issues } : { ok: true, items: items as IngestItem[], batch: true };
  }
  if (body === null || typeof body !== "object") {
    return { ok: false, issues: [{ path: "(body)", message: "Send an event object or an array of events." }] };
  }
  const item = validateItem(body, "", issues);
  return item ? { ok: true, items: [item], batch: false } : { ok: false, issues };
}

export type IngestedEvent = { id: string; duplicate: boolean };

/**
 * Stores validated events for a program in one transaction and returns their ids, in order. An
 * `id` (or Idempotency-Key) already seen for the program returns the original event, marked
 * duplicate, and stores nothing new. Nothing is sent here: the event row is committed first and
 * the delivery driver fans it out afterwards.
 */
export async function ingestEvents(
  db: Db,
  programId: string,
  items: IngestItem[],
  options: { idempotencyKey?: string; test?: boolean; targetConnectorId?: string; now?: Date } = {},
): Promise<IngestedEvent[]> {
  const now = options.now ?? new Date();
  const externalIds = items.map((item, i) =>
    item.id ?? (options.idempotencyKey ? (items.length === 1 ? options.idempotencyKey : `${options.idempotencyKey}:${i}`) : null),
  );
  return db.transaction(async (tx) => {
    const known = new Map<string, string>();
    const wanted = externalIds.filter((x): x is string => !!x);
    if (wanted.length) {
      const rows = await tx
        .select({ id: events.id, externalId: events.externalId })
        .from(events)
        .where(and(eq(events.programId, programId), inArray(events.externalId, wanted)));
      for (const r of rows) if (r.externalId) known.set(r.externalId, r.id);
    }
    const out: IngestedEvent[] = [];
    for (const [i, item] of items.entries()) {
      const externalId = externalIds[i] ?? null;
      const existing = externalId ? known.get(externalId) : undefined;
      if (existing) {
        out.push({ id: existing, duplicate: true });
        continue;
      }
      // ON CONFLICT: a concurrent request with the same id may have committed since the lookup.
      const [inserted] = await tx
        .insert(events)
        .values({
          programId,
          type: item.type,
          externalId,
          member: item.member,
          memberId: item.member.id,
          memberEmail: item.member.email?.toLowerCase() ?? null,
          data: item.data,
          occurredAt: item.occurredAt ? new Date(item.occurredAt) : now,
          receivedAt: now,
          test: options.test ?? false,
          targetConnectorId: options.targetConnectorId ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: events.id });
      if (inserted) {
        if (externalId) known.set(externalId, inserted.id);
        out.push({ id: inserted.id, duplicate: false });
      } else {
        const [winner] = await tx
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.programId, programId), sql`${events.externalId} = ${externalId}`));
        out.push({ id: winner!.id, duplicate: true });
      }
    }
    return out;
  });
}
