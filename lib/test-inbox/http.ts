import "server-only";
import { getDb, type Db } from "@/db";
import { env } from "@/lib/env";
import { captureRequest } from "./service";
import { wireHeaders } from "./wire-headers";

/** Larger requests are refused: the inbox keeps 64 KiB of a body, but checks signatures over all of it. */
const MAX_REQUEST_BYTES = 1024 * 1024;

function error(status: number, code: string, message: string, headers?: Record<string, string>) {
  return Response.json({ error: { code, message } }, { status, headers });
}

const notFound = () => error(404, "not_found", "There is no test inbox at this address.");

/**
 * POST /api/inbox/<token>: records the request and answers as the inbox is set to (200, or 500 for
 * every third request in "fail every 3rd" mode). Public, like any webhook receiver: the token is
 * the credential. 404 for an unknown token, and for every token while the test inbox is off.
 */
export async function handleCapture(request: Request, token: string, db: Db = getDb()): Promise<Response> {
  if (!env().testInbox) return notFound();
  if (Number(request.headers.get("content-length") ?? "0") > MAX_REQUEST_BYTES) {
    return error(413, "too_large", "A test inbox accepts requests of at most 1 MiB.");
  }
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > MAX_REQUEST_BYTES) return error(413, "too_large", "A test inbox accepts requests of at most 1 MiB.");
  const captured = await captureRequest(db, token, { method: request.method, headers: wireHeaders(request), body });
  if (!captured) return notFound();
  const ok = captured.status < 400;
  return Response.json(
    ok ? { received: true, id: captured.requestId } : { received: true, id: captured.requestId, error: "This inbox fails every third request." },
    { status: captured.status },
  );
}

/** Any other method: 405 naming POST (404 while the inbox is off, as for POST). */
export function handleOtherMethod(): Response {
  if (!env().testInbox) return notFound();
  return error(405, "method_not_allowed", "A test inbox accepts POST requests only.", { Allow: "POST" });
}
