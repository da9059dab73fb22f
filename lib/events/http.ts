import "server-only";
import { NextResponse } from "next/server";
import { getDb, type Db } from "@/db";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { dispatchEvents } from "@/lib/engine";
import { ingestEvents, validateIngestBody } from "./ingest";

export const MAX_BODY_BYTES = 1024 * 1024;

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
  const { db, dispatch } = deps ?? { db: getDb(), dispatch: dispatchEvents };
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
  await dispatch(stored.filter((e) => !e.duplicate).map((e) => e.id));

  return NextResponse.json(validated.batch ? { events: stored } : stored[0], { status: 202 });
}
