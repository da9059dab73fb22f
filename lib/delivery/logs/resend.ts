import { randomUUID } from "node:crypto";
import { resends } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { diff, recordAudit } from "@/lib/audit/service";
import { maskUrl } from "@/lib/connectors/visibility";
import type { DeliveryConnector } from "@/lib/delivery/engine/connector-cache";
import { sendSigned } from "@/lib/delivery/attempts/perform";
import { buildRequest, type WebhookRequest } from "@/lib/delivery/attempts/request";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { reserveSendSlots } from "@/lib/delivery/engine/throttle";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { getOriginalRequest, type OriginalRequest } from "./resend-queries";
import { resendWithChangesSchema } from "./resend-schemas";

/** Tells the receiver which delivery this one-off request was made from (its own X-Qualifio-Delivery is new). */
const RESEND_OF_HEADER = "X-Qualifio-Resend-Of";

/**
 * Signs the edited body exactly as an attempt is signed (lib/delivery/attempts/request.ts), with the
 * connector's secrets, auth header and custom headers, to the chosen URL. The request gets the
 * resend's own id as X-Qualifio-Delivery (and webhook-id): it is not the original's bytes, so it
 * must not reuse the receiver's idempotency key of the original.
 */
function signedRequest(resendId: string, original: OriginalRequest, connector: DeliveryConnector, input: { url: string; body: string }, now: Date) {
  let secrets;
  try {
    secrets = connector.secrets(now);
  } catch {
    throw new ConflictError("The connector's stored secrets could not be read (was ENCRYPTION_KEY changed?). Save them again, then resend.");
  }
  const request = buildRequest({
    delivery: { id: resendId },
    event: original.event,
    connector: { notificationUrl: input.url, signatureScheme: connector.signatureScheme },
    secrets,
    now,
    body: input.body,
  });
  // A hub header (X-Qualifio-* is reserved): no connector header can have taken the name.
  return withHeader(request, RESEND_OF_HEADER, original.deliveryId);
}

function withHeader(request: WebhookRequest, name: string, value: string): WebhookRequest {
  return {
    ...request,
    headers: { ...request.headers, [name]: value },
    redactedHeaders: { ...request.redactedHeaders, [name]: value },
  };
}

/** The connector's settings at its current version (the cache may hold an older one). */
async function liveConnector(rt: DeliveryRuntime, original: OriginalRequest) {
  if (original.connector.deletedAt) throw new ConflictError("This delivery's connector was deleted.");
  const connector = await rt.connectors.get(rt.db, original.connector.id, original.connector.updatedAt);
  if (!connector || connector.deleted) throw new ConflictError("This delivery's connector was deleted.");
  return connector;
}

function summaryOf(deliveryId: string, changes: { urlChanged: boolean; bodyChanged: boolean; url: string }, outcome: string) {
  const what = [changes.bodyChanged ? "an edited body" : "the original body", changes.urlChanged ? `to ${maskUrl(changes.url)}` : null];
  return `Resent delivery ${deliveryId} with changes (${what.filter(Boolean).join(", ")}): ${outcome}`;
}

/**
 * "Resend with changes": a one-off request from a delivery's page, with an edited body and/or to
 * another URL, for debugging a receiver. Signed anew, sent now, recorded as a resend of its own
 * (request, response, what changed) and audited. The original delivery is not touched: no lease,
 * no attempt, no status or count change, so its retries and the receiver's idempotency are as before.
 */
export async function resendWithChanges(ctx: Ctx, raw: unknown, rt: DeliveryRuntime) {
  if (!can(ctx.actor.role, "deliveries.replay")) {
    throw new ForbiddenError("Only admins can resend a delivery with changes.");
  }
  const input = parseInput(resendWithChangesSchema, raw);
  const original = await getOriginalRequest(ctx.db, input.deliveryId);
  if (!original) throw new NotFoundError("Delivery");
  const connector = await liveConnector(rt, original);
  const urlChanged = input.url !== original.connector.notificationUrl;
  const bodyChanged = input.body !== original.body;

  const id = randomUUID();
  const startedAt = rt.now();
  const request = signedRequest(id, original, connector, input, startedAt);
  if (!urlChanged) {
    // To the connector's own receiver it counts against the connector's rate limit like any send.
    const [wait = 0] = await reserveSendSlots(rt.db, connector.id, connector.rateLimitPerSecond, 1);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  // A one-off request: no pooled connection is left behind for it.
  const result = await sendSigned(rt, request, connector, { keepAlive: false });
  if (result.errorCode === "blocked") {
    // Refused before any connection was made: nothing was sent, so there is nothing to record.
    throw new ValidationError("This URL cannot receive webhooks.", { url: [result.error ?? "This address is refused."] });
  }

  const outcome = result.success ? "succeeded" : `failed (${result.status != null ? `HTTP ${result.status}` : result.errorCode})`;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(resends).values({
      id,
      deliveryId: original.deliveryId,
      createdBy: ctx.actor.id,
      createdAt: startedAt,
      url: request.url,
      urlChanged,
      bodyChanged,
      originalBody: original.body,
      requestHeaders: request.redactedHeaders,
      requestBody: request.body,
      durationMs: result.durationMs,
      responseStatus: result.status,
      responseHeaders: result.responseHeaders,
      responseBody: result.responseBody,
      responseTruncated: result.responseTruncated,
      errorCode: result.errorCode,
      error: result.error,
      success: result.success,
    });
    await recordAudit(tx, ctx.actor, {
      action: "delivery.resent_with_changes",
      entityType: "delivery",
      entityId: original.deliveryId,
      summary: summaryOf(original.deliveryId, { urlChanged, bodyChanged, url: request.url }, outcome),
      // The full URLs, as a connector's URL change is audited; the body is on the resend's row.
      changes: urlChanged ? diff({ url: original.connector.notificationUrl }, { url: request.url }) : undefined,
    });
  });
  return { id, success: result.success, status: result.status, errorCode: result.errorCode, error: result.error };
}
