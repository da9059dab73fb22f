import { z } from "zod";
import { eventTypeIds } from "./types";

/*
 * The ingest API's wire shapes: what POST /api/v1/events accepts and what it answers. Ingest
 * validates with them and the OpenAPI document is generated from them, so the two cannot differ.
 */

export const MAX_BATCH = 500;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_IDEMPOTENCY_KEY = 200;

/**
 * One event as a sender posts it. `member` and `data` are checked afterwards against the member
 * schema and the type's data schema (lib/events/catalog.ts), so an issue names the field inside them.
 */
export const envelopeSchema = z
  .object({
    type: z.enum(eventTypeIds, { error: `Must be one of: ${eventTypeIds.join(", ")}.` }).describe("The event type, from the event catalog."),
    member: z.unknown().describe("The member the event is about."),
    data: z.unknown().describe("What happened; its fields depend on `type`."),
    id: z
      .string()
      .trim()
      .min(1, "Must not be empty.")
      .max(200, "Use at most 200 characters.")
      .optional()
      .describe("Your id for the event. Sending an id already seen for the program returns the original event and stores nothing."),
    occurredAt: z.iso
      .datetime({ offset: true, error: "Use an ISO-8601 date-time, e.g. 2026-05-01T12:00:00Z." })
      .optional()
      .describe("When it happened (ISO-8601 with an offset). Defaults to the time the hub received it."),
  })
  .strict();

export const ingestedEventSchema = z
  .object({
    id: z.uuid().describe("The hub's id for the event."),
    duplicate: z.boolean().describe("True when the event was already known (same `id` or Idempotency-Key): nothing new was stored."),
  })
  .strict();
export type IngestedEvent = z.output<typeof ingestedEventSchema>;

/** A batch is answered with the events' ids in the order they were sent. */
export const ingestedBatchSchema = z.object({ events: z.array(ingestedEventSchema).min(1).max(MAX_BATCH) }).strict();

/** Every error the ingest route answers, with its status. */
export const ingestErrors = {
  malformed_json: { status: 400, description: "The body is not valid UTF-8 JSON." },
  invalid_event: { status: 400, description: "An event breaks the schema; `path` names the first field at fault, `issues` lists all." },
  invalid_idempotency_key: { status: 400, description: `The Idempotency-Key header is longer than ${MAX_IDEMPOTENCY_KEY} characters.` },
  missing_api_key: { status: 401, description: "No `Authorization: Bearer <key>` header." },
  invalid_api_key: { status: 401, description: "The API key is unknown or revoked." },
  payload_too_large: { status: 413, description: `The body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).` },
  unsupported_media_type: { status: 415, description: "The Content-Type is not application/json." },
  internal_error: { status: 500, description: "An unexpected failure; nothing half-written is kept." },
  database_unavailable: { status: 503, description: "The event store is briefly unavailable; retry after Retry-After seconds with the same ids." },
} as const satisfies Record<string, { status: number; description: string }>;
export type IngestErrorCode = keyof typeof ingestErrors;

const ingestIssueSchema = z
  .object({
    path: z.string().describe("Where in the body, e.g. `[2].data.points` or `member.email`."),
    message: z.string(),
  })
  .strict();
export type IngestIssue = z.output<typeof ingestIssueSchema>;

/** The body of every error answer, narrowed to the given codes. */
export function ingestErrorSchema(codes: readonly [IngestErrorCode, ...IngestErrorCode[]]) {
  return z
    .object({
      error: z
        .object({
          code: z.enum(codes),
          message: z.string().describe("What went wrong, for a person."),
          path: z.string().optional().describe("The field at fault (invalid_event, invalid_idempotency_key)."),
          issues: z.array(ingestIssueSchema).min(1).optional().describe("Every schema violation (invalid_event)."),
        })
        .strict(),
    })
    .strict();
}
