import "server-only";
import { NextResponse } from "next/server";
import { getEngineDb, type Db } from "@/db";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { dispatchEvents } from "@/lib/engine";
import { ingestEvents, validateIngestBody } from "./ingest";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 1;

function error(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return NextResponse.json({ error: { code, message, ...extra } }, { status });
}

/** Reads at most `limit` bytes; null when the body is larger (without buffering the rest). */
async function readCapped(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/v1/events. The answer is 202 only once the event rows are committed: from then on
 * nothing is lost, whatever happens to this process or the delivery engine.
 */
export type IngestDeps = { db: Db; dispatch: (eventIds: string[]) => Promise<void> };

export async function handleIngest(request: Request, deps?: IngestDeps): Promise<Response> {
  try {
    return await ingest(request, deps ?? { db: getEngineDb(), dispatch: dispatchEvents });
  } catch (failure) {
    if (isDatabaseUnavailable(failure)) {
      // A restart or failover: retryable. The commit may have landed just before the connection
      // died, so the client retries with the same `id` or Idempotency-Key and gets the original.
      console.warn("[ingest] database unavailable:", failure instanceof Error ? failure.message : failure);
      const response = error(
        503,
        "database_unavailable",
        `The event store is briefly unavailable. Try again in ${RETRY_AFTER_SECONDS} s, ` +
          "with the same event id or Idempotency-Key so that nothing is stored twice.",
      );
      response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
      return response;
    }
    console.error("[ingest] unexpected error", failure);
    return error(500, "internal_error", "Something went wrong while storing the events.");
  }
}

async function ingest(request: Request, { db, dispatch }: IngestDeps): Promise<Response> {
  const authorization = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) {
    return error(401, "missing_api_key", "Send your program's API key as `Authorization: Bearer <key>`.");
  }
  const key = await authenticateApiKey(db, match[1]);
  if (!key) return error(401, "invalid_api_key", "This API key is unknown or has been revoked.");

  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return error(415, "unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const bytes = await readCapped(request, MAX_BODY_BYTES);
  if (!bytes) return error(413, "payload_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes (1 MiB).`);

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return error(400, "malformed_json", "The body is not valid UTF-8 JSON.");
  }
  const validated = validateIngestBody(body);
  if (!validated.ok) {
    const [first] = validated.issues;
    return error(400, "invalid_event", `${first!.path}: ${first!.message}`, { path: first!.path, issues: validated.issues });
  }

  const idempotencyKey = request.headers.get("idempotency-key")?.trim() || undefined;
  if (idempotencyKey && idempotencyKey.length > 200) {
    return error(400, "invalid_idempotency_key", "Idempotency-Key must be at most 200 characters.", { path: "Idempotency-Key" });
  }
  const stored = await ingestEvents(db, key.programId, validated.items, { idempotencyKey });
  // The rows are committed: from here the answer is 202 whatever happens. A failed hand-off only
  // delays delivery (the engine sweeps for events it was not told about); a 5xx would make the
  // client resend events that are already stored.
  try {
    await dispatch(stored.filter((e) => !e.duplicate).map((e) => e.id));
  } catch (failure) {
    console.error("[ingest] dispatch failed; the engine's sweep will pick the events up:", failure);
  }

  return NextResponse.json(validated.batch ? { events: stored } : stored[0], { status: 202 });
}
