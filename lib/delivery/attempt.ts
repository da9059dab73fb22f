import { eq } from "drizzle-orm";
import { connectors, deliveries, events, programs } from "@/db/schema";
import { loadConnectorSecrets } from "@/lib/connectors/queries";
import { releaseLease } from "./lease";
import { recordAttempt } from "./record";
import { buildBody, buildRequest } from "./request";
import type { DeliveryRuntime } from "./runtime";
import { sendRequest, type AttemptResult } from "./send";

export type AttemptOutcome =
  | { kind: "attempted"; success: boolean; status: "pending" | "retrying" | "succeeded" | "failed"; nextAttemptAt: Date | null }
  | { kind: "skipped"; reason: "not_found" | "finished" | "connector_unavailable" };

/**
 * One attempt of one delivery, shared by both drivers and by replays. The caller holds the lease.
 * No transaction is open while the request is in flight: PGlite has one connection, and a slow
 * receiver must never block the database.
 */
export async function performAttempt(
  rt: DeliveryRuntime,
  deliveryId: string,
  options: { owner: string; trigger?: "scheduled" | "replay" },
): Promise<AttemptOutcome> {
  const trigger = options.trigger ?? "scheduled";
  const [row] = await rt.db
    .select({ delivery: deliveries, event: events, connector: connectors, program: { id: programs.id, name: programs.name } })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
    .innerJoin(programs, eq(programs.id, events.programId))
    .where(eq(deliveries.id, deliveryId));
  if (!row) return { kind: "skipped", reason: "not_found" };
  const { delivery, event, connector, program } = row;

  const finished = delivery.status === "succeeded" || delivery.status === "failed";
  if (trigger === "scheduled" && finished) {
    await releaseLease(rt.db, deliveryId, options.owner);
    return { kind: "skipped", reason: "finished" };
  }
  const usable = !connector.deletedAt && !!connector.notificationUrl && (connector.active || delivery.test || trigger === "replay");
  if (!usable || !connector.notificationUrl) {
    // Waits for the connector to come back; the claim query skips it meanwhile.
    await releaseLease(rt.db, deliveryId, options.owner);
    return { kind: "skipped", reason: "connector_unavailable" };
  }

  await rt.rateLimiter?.acquire(connector.id, connector.rateLimitPerSecond);
  const now = rt.now();
  const webhookEvent = {
    id: event.id,
    type: event.type,
    createdAt: event.occurredAt,
    test: event.test,
    program,
    member: event.member,
    data: event.data,
  };
  let secrets;
  try {
    secrets = await loadConnectorSecrets(rt.db, connector.id, now);
  } catch (error) {
    // A secret that no longer decrypts (ENCRYPTION_KEY changed) would fail every try the same way:
    // record it as a failed attempt, on the normal schedule, instead of failing the worker's loop.
    const request = { url: connector.notificationUrl, redactedHeaders: {}, body: buildBody(webhookEvent) };
    return record(rt, deliveryId, trigger, options.owner, request, now, unsendable(error));
  }
  const request = buildRequest({
    delivery: { id: delivery.id },
    event: webhookEvent,
    connector: { notificationUrl: connector.notificationUrl, signatureScheme: connector.signatureScheme },
    secrets,
    now,
  });
  const result = await sendRequest({
    url: request.url,
    headers: request.headers,
    body: request.body,
    timeoutMs: connector.timeoutMs,
    maxResponseBytes: rt.policy.maxResponseBytes,
    allowPrivateTargets: rt.allowPrivateTargets,
    proxyUrl: rt.proxyUrl,
    lookup: rt.lookup,
  });
  return record(rt, deliveryId, trigger, options.owner, { url: request.url, redactedHeaders: request.redactedHeaders, body: request.body }, now, result);
}

function unsendable(error: unknown): AttemptResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    success: false,
    status: null,
    responseHeaders: null,
    responseBody: null,
    responseTruncated: false,
    durationMs: 0,
    errorCode: "config",
    error: `Not sent: the connector's stored secrets could not be read (${reason}). Was ENCRYPTION_KEY changed? Save the secrets again.`,
    retryAfter: null,
  };
}

async function record(
  rt: DeliveryRuntime,
  deliveryId: string,
  trigger: "scheduled" | "replay",
  owner: string,
  request: { url: string; redactedHeaders: Record<string, string>; body: string },
  startedAt: Date,
  result: AttemptResult,
): Promise<AttemptOutcome> {
  const recorded = await recordAttempt(rt.db, {
    deliveryId,
    trigger,
    request,
    result,
    startedAt,
    policy: rt.policy,
    now: rt.now(),
    // Clears the lease only if still ours: after a lease ran out, another process may hold it.
    leaseOwner: owner,
  });
  return { kind: "attempted", success: result.success, status: recorded.status, nextAttemptAt: recorded.nextAttemptAt };
}
