import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEngineDb, type Db } from "@/db";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { dispatchEvents } from "@/lib/delivery/engine/picker";
import { log, requestId, type Logger } from "@/lib/log";
import { ingestEvents, validateIngestBody } from "./ingest";
import { ingestErrors, MAX_BODY_BYTES, MAX_IDEMPOTENCY_KEY, type IngestErrorCode } from "./schemas";

export { MAX_BODY_BYTES };
/** Seconds a client should wait before retrying while the database is unavailable. */
const RETRY_AFTER_SECONDS = 1;

export type IngestDeps = { db: Db; dispatch: (eventIds: string[]) => Promise<void> };

/**
 * What the ingest logic needs from a request, whatever server carries it: Next's route handler
 * (a web `Request`) or the plain Node handler that `npm start` puts in front of Next.
 */
type IngestRequest = {
  header(name: string): string | null;
  /** Reads at most `limit` bytes; null when the body is larger (without buffering the rest). */
  body(limit: number): Promise<Uint8Array | null>;
  /** This request's logger (its id bound), made on first use: most requests log nothing. */
  log(): Logger;
  /** What a log line shows of the request when it failed (the headers are redacted by the logger). */
  summary(): { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
};
type IngestReply = { status: number; body: unknown; headers?: Record<string, string> };

/** Codes and statuses come from one table, the one the OpenAPI document lists. */
function error(code: IngestErrorCode, message: string, extra: Record<string, unknown> = {}): IngestReply {
  return { status: ingestErrors[code].status, body: { error: { code, message, ...extra } } };
}

/**
 * POST /api/v1/events. The answer is 202 only once the event rows are committed: from then on
 * nothing is lost, whatever happens to this process or the delivery engine.
 */
async function answerIngest(request: IngestRequest, deps: IngestDeps): Promise<IngestReply> {
  try {
    return await ingest(request, deps);
  } catch (failure) {
    if (isDatabaseUnavailable(failure)) {
      // A restart or failover: retryable. The commit may have landed just before the connection
      // died, so the client retries with the same `id` or Idempotency-Key and gets the original.
      request.log().warn(`database unavailable, answered 503: ${failure instanceof Error ? failure.message : String(failure)}`);
      return {
        ...error(
          "database_unavailable",
          `The event store is briefly unavailable. Try again in ${RETRY_AFTER_SECONDS} s, ` +
            "with the same event id or Idempotency-Key so that nothing is stored twice.",
        ),
        headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
      };
    }
    request.log().error({ err: failure, req: request.summary() }, "unexpected error, answered 500");
    return error("internal_error", "Something went wrong while storing the events.");
  }
}

async function ingest(request: IngestRequest, { db, dispatch }: IngestDeps): Promise<IngestReply> {
  const authorization = request.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) {
    return error("missing_api_key", "Send your program's API key as `Authorization: Bearer <key>`.");
  }
  const key = await authenticateApiKey(db, match[1]);
  if (!key) return error("invalid_api_key", "This API key is unknown or has been revoked.");

  const contentType = request.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return error("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const bytes = await request.body(MAX_BODY_BYTES);
  if (!bytes) return error("payload_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes (1 MiB).`);

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return error("malformed_json", "The body is not valid UTF-8 JSON.");
  }
  const validated = validateIngestBody(body);
  if (!validated.ok) {
    const [first] = validated.issues;
    return error("invalid_event", `${first!.path}: ${first!.message}`, { path: first!.path, issues: validated.issues });
  }

  const idempotencyKey = request.header("idempotency-key")?.trim() || undefined;
  if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
    return error("invalid_idempotency_key", `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY} characters.`, { path: "Idempotency-Key" });
  }
  const stored = await ingestEvents(db, key.programId, validated.items, { idempotencyKey });
  // The rows are committed: from here the answer is 202 whatever happens. A failed hand-off only
  // delays delivery (the engine sweeps for events it was not told about); a 5xx would make the
  // client resend events that are already stored.
  try {
    await dispatch(stored.filter((e) => !e.duplicate).map((e) => e.id));
  } catch (failure) {
    request.log().error({ err: failure }, "dispatch failed; the engine's sweep will pick the events up");
  }

  return { status: 202, body: validated.batch ? { events: stored } : stored[0] };
}

const defaultDeps = (): IngestDeps => ({ db: getEngineDb(), dispatch: dispatchEvents });

/** The request's logger, made once and only when a line is written. */
function lazyLog(reqId: string): () => Logger {
  let logger: Logger | undefined;
  return () => (logger ??= log("ingest", { reqId }));
}

/** Collects chunks up to `limit` bytes; null as soon as there are more. */
async function collect(chunks: AsyncIterable<Uint8Array>, limit: number, onTooLarge: () => void): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) {
      onTooLarge();
      return null;
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** The ingest route of Next's router (app/api/v1/events/route.ts). */
export async function handleIngest(request: Request, deps: IngestDeps = defaultDeps()): Promise<Response> {
  const reqId = requestId(request.headers.get("x-request-id"));
  const reply = await answerIngest(
    {
      header: (name) => request.headers.get(name),
      log: lazyLog(reqId),
      summary: () => ({ method: request.method, url: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) }),
      body: async (limit) => {
        if (Number(request.headers.get("content-length") ?? "0") > limit) return null;
        if (!request.body) return new Uint8Array();
        const reader = request.body.getReader();
        const chunks = { async *[Symbol.asyncIterator]() { for (;;) { const r = await reader.read(); if (r.done) return; yield r.value; } } };
        return collect(chunks, limit, () => void reader.cancel());
      },
    },
    deps,
  );
  return Response.json(reply.body, { status: reply.status, headers: { ...reply.headers, "X-Request-Id": reqId } });
}

/**
 * The same route on a plain Node request, for the server in front of Next (scripts/server.mjs):
 * Next's request pipeline costs about 3 ms of CPU per request, several times the ingest itself.
 */
export async function serveIngest(req: IncomingMessage, res: ServerResponse, deps: IngestDeps = defaultDeps()): Promise<void> {
  const header = (name: string) => {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  // scripts/server.mjs has already chosen the id (and set the response header); called on its own, this picks one.
  const reqId = requestId(header("x-request-id"));
  const reply = await answerIngest(
    {
      header,
      log: lazyLog(reqId),
      summary: () => ({ method: req.method, url: req.url?.split("?")[0], headers: req.headers }),
      body: (limit) => {
        // An oversized body is not read: the connection closes after the answer.
        const tooLarge = () => res.setHeader("Connection", "close");
        if (Number(header("content-length") ?? "0") > limit) {
          tooLarge();
          return Promise.resolve(null);
        }
        return collect(req, limit, tooLarge);
      },
    },
    deps,
  );
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    "X-Request-Id": reqId,
  });
  res.end(json);
}

const plainIngestKey = Symbol.for("integrations-hub.plain-ingest");

/**
 * Offers `serveIngest` to scripts/server.mjs, which runs in this process but outside Next's
 * bundles, so the two meet on globalThis (as the database handle does, see db/index.ts).
 */
export function offerPlainIngest() {
  (globalThis as { [plainIngestKey]?: typeof serveIngest })[plainIngestKey] = serveIngest;
}
