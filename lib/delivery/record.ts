import { and, count, eq, gte } from "drizzle-orm";
import type { Queryable } from "@/db";
import { attempts, connectors, deliveries, type Connector, type Delivery, type DeliveryStatus } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/service";
import { formatDuration, nextRetryAt, type DeliveryPolicy } from "./policy";
import type { AttemptResult } from "./send";

export type AttemptTrigger = "scheduled" | "replay";

export type RecordAttemptInput = {
  deliveryId: string;
  trigger: AttemptTrigger;
  request: { url: string; redactedHeaders: Record<string, string>; body: string };
  result: AttemptResult;
  startedAt: Date;
  policy: DeliveryPolicy;
  now: Date;
  /**
   * The lease holder that made the attempt. Given, the lease is released only if it is still this
   * one's (it may have expired and been claimed by another process while the request was slow);
   * omitted, the lease is released whoever holds it.
   */
  leaseOwner?: string;
};

export type RecordAttemptOutcome = {
  attemptNumber: number;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** True when this attempt turned the connector off (auto-disable). */
  connectorDisabled: boolean;
};

type DeliveryState = { status: DeliveryStatus; nextAttemptAt: Date | null; completedAt: Date | null };

/**
 * Where a delivery goes after an attempt. A success always finishes it. A scheduled failure follows
 * the retry schedule, counted in scheduled attempts only so replays do not use it up. A replay that
 * fails leaves a running schedule alone, and marks a finished delivery failed (its latest attempt
 * failed) without scheduling anything. A scheduled attempt that lands after the delivery finished
 * (a replay won the race) never reopens it.
 */
export function nextDeliveryState(
  delivery: Pick<Delivery, "status" | "nextAttemptAt" | "completedAt">,
  attempt: { trigger: AttemptTrigger; success: boolean; scheduledNumber: number; retryAfter: Date | null },
  policy: DeliveryPolicy,
  now: Date,
): DeliveryState {
  const finished = delivery.status === "succeeded" || delivery.status === "failed";
  if (attempt.success) return { status: "succeeded", nextAttemptAt: null, completedAt: now };
  if (attempt.trigger === "replay") {
    return finished ? { status: "failed", nextAttemptAt: null, completedAt: now } : { ...delivery };
  }
  if (finished) return { ...delivery };
  const next = nextRetryAt(attempt.scheduledNumber, now, policy, attempt.retryAfter);
  return next
    ? { status: "retrying", nextAttemptAt: next, completedAt: null }
    : { status: "failed", nextAttemptAt: null, completedAt: now };
}

/**
 * Records one attempt and its consequences in a single transaction: the attempt row, the delivery's
 * new state and the connector's failing streak. Call it after the request, never around it: no
 * transaction may stay open while the network is waited on.
 */
export async function recordAttempt(db: Queryable, input: RecordAttemptInput): Promise<RecordAttemptOutcome> {
  return db.transaction(async (tx) => {
    // The row lock orders concurrent recorders (a replay and a scheduled attempt) on one delivery.
    const [delivery] = await tx.select().from(deliveries).where(eq(deliveries.id, input.deliveryId)).for("update");
    if (!delivery) throw new Error(`Delivery ${input.deliveryId} does not exist.`);
    const number = delivery.attemptCount + 1;
    const { result } = input;
    await tx.insert(attempts).values({
      deliveryId: delivery.id,
      number,
      trigger: input.trigger,
      startedAt: input.startedAt,
      durationMs: result.durationMs,
      url: input.request.url,
      requestHeaders: input.request.redactedHeaders,
      requestBody: input.request.body,
      responseStatus: result.status,
      responseHeaders: result.responseHeaders,
      responseBody: result.responseBody,
      responseTruncated: result.responseTruncated,
      errorCode: result.errorCode,
      error: result.error,
      success: result.success,
    });

    const scheduledNumber = await countScheduledAttempts(tx, delivery.id);
    const state = nextDeliveryState(
      delivery,
      { trigger: input.trigger, success: result.success, scheduledNumber, retryAfter: result.retryAfter },
      input.policy,
      input.now,
    );
    await tx
      .update(deliveries)
      .set({
        ...state,
        attemptCount: number,
        lastStatusCode: result.status,
        lastError: result.error,
        lastDurationMs: result.durationMs,
        updatedAt: input.now,
        ...(ownsLease(delivery, input.leaseOwner) ? { lockedUntil: null, lockedBy: null } : {}),
      })
      .where(eq(deliveries.id, delivery.id));

    const connectorDisabled = delivery.test ? false : await updateFailingStreak(tx, delivery.connectorId, input);
    return { attemptNumber: number, status: state.status, nextAttemptAt: state.nextAttemptAt, connectorDisabled };
  });
}

function ownsLease(delivery: Pick<Delivery, "lockedBy">, owner: string | undefined): boolean {
  return owner === undefined || delivery.lockedBy === null || delivery.lockedBy === owner;
}

async function countScheduledAttempts(tx: Queryable, deliveryId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(attempts)
    .where(and(eq(attempts.deliveryId, deliveryId), eq(attempts.trigger, "scheduled")));
  return row?.n ?? 0;
}

/**
 * Tracks the connector's run of failures and turns it off once every attempt has failed for
 * policy.autoDisableAfterMs: a receiver that is gone for good should not be hammered forever, and
 * the admin sees why it stopped. Test deliveries do not count (an admin probing a receiver that is
 * not ready must not start the clock). Returns true when the connector was turned off.
 */
async function updateFailingStreak(tx: Queryable, connectorId: string, input: RecordAttemptInput): Promise<boolean> {
  // Locked: up to maxInFlight attempts of one connector record at the same time.
  const [connector] = await tx.select().from(connectors).where(eq(connectors.id, connectorId)).for("update");
  if (!connector) return false;
  if (input.result.success) {
    if (connector.failingSince) await tx.update(connectors).set({ failingSince: null }).where(eq(connectors.id, connectorId));
    return false;
  }
  if (!connector.active) return false;
  if (!connector.failingSince) {
    await tx.update(connectors).set({ failingSince: input.startedAt }).where(eq(connectors.id, connectorId));
    return false;
  }
  const failingFor = input.now.getTime() - connector.failingSince.getTime();
  if (failingFor < input.policy.autoDisableAfterMs) return false;
  if (await hasSuccessSince(tx, connectorId, connector.failingSince)) return false;
  await autoDisable(tx, connector, connector.failingSince, input);
  return true;
}

async function hasSuccessSince(tx: Queryable, connectorId: string, since: Date): Promise<boolean> {
  const [row] = await tx
    .select({ id: attempts.id })
    .from(attempts)
    .innerJoin(deliveries, eq(attempts.deliveryId, deliveries.id))
    .where(and(eq(deliveries.connectorId, connectorId), eq(attempts.success, true), gte(attempts.startedAt, since)))
    .limit(1);
  return row !== undefined;
}

function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

async function autoDisable(tx: Queryable, connector: Connector, since: Date, input: RecordAttemptInput) {
  const period = formatDuration(input.policy.autoDisableAfterMs);
  const disabledReason = `Turned off automatically: every delivery attempt failed for ${period} (since ${utcMinute(since)})`;
  // failingSince is cleared so that turning the connector back on starts a fresh streak.
  await tx
    .update(connectors)
    .set({ active: false, disabledReason, disabledAt: input.now, failingSince: null, updatedAt: input.now })
    .where(eq(connectors.id, connector.id));
  await recordAudit(tx, null, {
    action: "connector.auto_disabled",
    entityType: "connector",
    entityId: connector.id,
    summary: `Turned off connector ${connector.name}: every delivery attempt failed for ${period}`,
    changes: diff({ active: true, disabledReason: connector.disabledReason }, { active: false, disabledReason }),
  });
}
