import { countAttempt } from "@/lib/observability/metrics";
import type { DeliveryConnector } from "@/lib/delivery/engine/connector-cache";
import { releaseLease, type ClaimedDelivery } from "@/lib/delivery/engine/lease";
import { recordAttempt, type AttemptTrigger, type RecordAttemptInput } from "./record";
import { redactEchoes } from "./redact";
import { buildBody, buildRequest, type WebhookEvent, type WebhookRequest } from "./request";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { sendRequest, type AttemptResult } from "./send";
import { reserveSendSlots } from "@/lib/delivery/engine/throttle";
import { isTestInboxTarget } from "@/lib/test-inbox/queries";

export type AttemptOutcome =
  | { kind: "attempted"; success: boolean; status: "pending" | "retrying" | "succeeded" | "failed"; nextAttemptAt: Date | null }
  | { kind: "skipped"; reason: "not_found" | "finished" | "connector_unavailable" };

function webhookEvent(claimed: ClaimedDelivery): WebhookEvent {
  const { event, program } = claimed;
  return { id: event.id, type: event.type, createdAt: event.occurredAt, test: event.test, program, member: event.member, data: event.data };
}

/** Whether the connector may receive this attempt now; a replay is an admin's explicit ask. */
export function connectorUsable(connector: DeliveryConnector | null, claimed: ClaimedDelivery, trigger: AttemptTrigger): connector is DeliveryConnector {
  return !!connector && !connector.deleted && !!connector.notificationUrl && (connector.active || claimed.test || trigger === "replay");
}

/**
 * Builds, signs and sends one attempt of a claimed delivery, and returns what to record. No
 * database work: the caller records (one at a time, or the local driver's batches). The caller
 * holds the lease and has waited for any rate-limit slot.
 */
export async function sendClaimed(
  rt: DeliveryRuntime,
  claimed: ClaimedDelivery,
  connector: DeliveryConnector,
  options: { owner: string; trigger: AttemptTrigger },
): Promise<RecordAttemptInput> {
  const startedAt = rt.now();
  const event = webhookEvent(claimed);
  const url = connector.notificationUrl!;
  const base = { deliveryId: claimed.id, trigger: options.trigger, startedAt, policy: rt.policy, leaseOwner: options.owner };
  let secrets;
  try {
    secrets = connector.secrets(startedAt);
  } catch (error) {
    // A secret that no longer decrypts (ENCRYPTION_KEY changed) would fail every try the same way:
    // record it as a failed attempt, on the normal schedule, instead of failing the worker's loop.
    return { ...base, request: { url, redactedHeaders: {}, body: buildBody(event) }, result: unsendable(error), now: rt.now() };
  }
  const request = buildRequest({
    delivery: { id: claimed.id },
    event,
    connector: { notificationUrl: url, signatureScheme: connector.signatureScheme },
    secrets,
    now: startedAt,
  });
  const result = await sendSigned(rt, request, connector, { keepAlive: rt.keepAlive ?? true });
  return {
    ...base,
    request: { url: request.url, redactedHeaders: request.redactedHeaders, body: request.body },
    result,
    now: rt.now(),
  };
}

/**
 * Whether this request may go to a private address: as ALLOW_PRIVATE_TARGETS says, except for the
 * exact URL of one of the hub's own test inboxes, which is internal by design. Anything else on
 * the hub's host (its database, its other routes) stays refused.
 */
export function allowsPrivateTarget(rt: Pick<DeliveryRuntime, "allowPrivateTargets" | "db">, url: string): true | Promise<boolean> {
  // Synchronous when private targets are allowed anyway: every attempt passes here.
  return rt.allowPrivateTargets || isTestInboxTarget(rt.db, url);
}

/**
 * Sends a signed request with the connector's timeout and the runtime's network settings (SSRF
 * policy, proxy, resolver), and returns the outcome with the request's secrets taken out of
 * whatever the receiver echoed. `keepAlive`: reuse pooled connections (scheduled attempts) or not
 * (one-off sends).
 */
export async function sendSigned(
  rt: DeliveryRuntime,
  request: WebhookRequest,
  connector: Pick<DeliveryConnector, "timeoutMs">,
  options: { keepAlive: boolean },
): Promise<AttemptResult> {
  const allowPrivate = allowsPrivateTarget(rt, request.url);
  const result = await sendRequest({
    url: request.url,
    headers: request.headers,
    body: request.body,
    timeoutMs: connector.timeoutMs,
    maxResponseBytes: rt.policy.maxResponseBytes,
    allowPrivateTargets: allowPrivate === true || (await allowPrivate),
    proxyUrl: rt.proxyUrl,
    lookup: rt.lookup,
    keepAlive: options.keepAlive,
  });
  return redactEchoes(result, request.secretValues);
}

/** Waits until `ms` has passed. */
export const pause = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * One attempt of one claimed delivery, recorded on its own: Inngest runs and replays. The local
 * driver uses sendClaimed and records in batches. The caller holds the lease. No transaction is open
 * while the request is in flight: PGlite has one connection, and a slow receiver must never block
 * the database.
 */
export async function performAttempt(
  rt: DeliveryRuntime,
  claimed: ClaimedDelivery,
  options: { owner: string; trigger?: AttemptTrigger },
): Promise<AttemptOutcome> {
  const trigger = options.trigger ?? "scheduled";
  const finished = claimed.status === "succeeded" || claimed.status === "failed";
  if (trigger === "scheduled" && finished) {
    await releaseLease(rt.db, claimed.id, options.owner);
    return { kind: "skipped", reason: "finished" };
  }
  const connector = await rt.connectors.get(rt.db, claimed.connectorId, claimed.connectorUpdatedAt);
  if (!connectorUsable(connector, claimed, trigger)) {
    // Waits for the connector to come back; the claim skips it meanwhile.
    await releaseLease(rt.db, claimed.id, options.owner);
    return { kind: "skipped", reason: "connector_unavailable" };
  }
  const [wait = 0] = await reserveSendSlots(rt.db, connector.id, connector.rateLimitPerSecond, 1);
  await pause(wait);
  const input = await sendClaimed(rt, claimed, connector, { owner: options.owner, trigger });
  const recorded = await recordAttempt(rt.db, input);
  countAttempt(claimed.connectorId, input.result.success, recorded.status, input.result.durationMs);
  return { kind: "attempted", success: input.result.success, status: recorded.status, nextAttemptAt: recorded.nextAttemptAt };
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
