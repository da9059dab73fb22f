import { and, asc, count, eq, gt, gte, isNull } from "drizzle-orm";
import { connectors, deliveries } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { performAttempt } from "@/lib/delivery/attempts/perform";
import { claimDelivery } from "@/lib/delivery/engine/lease";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { replayFailedSchema, resendSchema } from "./replay-schemas";

/** Who holds a replay's lease: the admin's request, not a worker. */
const replayOwner = (ctx: Ctx) => `replay:${ctx.actor.id}`;

/** How long a replay waits for a free slot of its connector's requests-in-flight cap. */
const REPLAY_SLOT_WAIT_MS = 15_000;
const REPLAY_SLOT_POLL_MS = 50;

/**
 * Takes the lease even on a finished delivery, so a replay never runs beside a worker's attempt, and
 * within the connector's cap: a replay counts as a request in flight like any other, waiting its turn.
 */
async function claimForReplay(ctx: Ctx, rt: DeliveryRuntime, deliveryId: string) {
  const deadline = Date.now() + REPLAY_SLOT_WAIT_MS;
  for (;;) {
    const claim = await claimDelivery(ctx.db, deliveryId, replayOwner(ctx), { force: true, leaseMarginMs: rt.leaseMarginMs });
    if (claim.kind === "claimed") return claim.delivery;
    if (claim.kind === "unavailable") throw new NotFoundError("Delivery");
    if (claim.kind === "leased") throw new ConflictError("An attempt for this delivery is in progress. Try again in a few seconds.");
    if (claim.kind === "waiting") {
      throw new ConflictError(
        `This connector delivers each member's events in order, and an earlier delivery of this member's (${claim.earlierDeliveryId}) is not finished yet. It goes first.`,
      );
    }
    if (Date.now() > deadline) {
      throw new ConflictError("This connector already has as many requests in flight as it allows. Try again in a few seconds.");
    }
    await new Promise((resolve) => setTimeout(resolve, REPLAY_SLOT_POLL_MS));
  }
}

async function replayOne(ctx: Ctx, rt: DeliveryRuntime, deliveryId: string) {
  const claimed = await claimForReplay(ctx, rt, deliveryId);
  const outcome = await performAttempt(rt, claimed, { owner: replayOwner(ctx), trigger: "replay" });
  if (outcome.kind === "skipped") {
    throw new ConflictError(
      outcome.reason === "connector_unavailable"
        ? "This delivery's connector was deleted or has no notification URL."
        : "This delivery no longer exists.",
    );
  }
  return outcome;
}

/**
 * Resend: the same body again, as a new attempt on the same delivery id (so the receiver's
 * idempotency key holds). Runs now, in this request, and returns how it went.
 */
export async function resendDelivery(ctx: Ctx, raw: unknown, rt: DeliveryRuntime) {
  assertCan(ctx.actor, "deliveries.replay");
  const { deliveryId } = parseInput(resendSchema, raw);
  const [delivery] = await ctx.db.select({ id: deliveries.id, connectorId: deliveries.connectorId }).from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!delivery) throw new NotFoundError("Delivery");
  const outcome = await replayOne(ctx, rt, deliveryId);
  await recordAudit(ctx.db, ctx.actor, {
    action: "delivery.resent",
    entityType: "delivery",
    entityId: deliveryId,
    summary: `Resent delivery ${deliveryId}: ${outcome.success ? "succeeded" : "failed"}`,
  });
  return outcome;
}

function failedSince(connectorId: string, since: Date) {
  return and(eq(deliveries.connectorId, connectorId), eq(deliveries.status, "failed"), gte(deliveries.createdAt, since));
}

async function liveConnector(ctx: Ctx, connectorId: string) {
  const [connector] = await ctx.db
    .select({ id: connectors.id, name: connectors.name })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), isNull(connectors.deletedAt)));
  if (!connector) throw new NotFoundError("Connector");
  return connector;
}

/** How many failed deliveries a bulk replay since `since` would send again. */
export async function countFailedSince(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "deliveries.replay");
  const input = parseInput(replayFailedSchema, raw);
  await liveConnector(ctx, input.connectorId);
  const [row] = await ctx.db.select({ n: count() }).from(deliveries).where(failedSince(input.connectorId, input.since));
  return row?.n ?? 0;
}

/**
 * One batch of "replay failed deliveries since…", in delivery id order. The client calls it again
 * with `after` until `done`, showing progress; each delivery gets one new attempt. Deliveries that
 * succeed leave the failed set, so the cursor (not the status) keeps batches from repeating.
 */
export async function replayFailedBatch(ctx: Ctx, raw: unknown, rt: DeliveryRuntime) {
  assertCan(ctx.actor, "deliveries.replay");
  const input = parseInput(replayFailedSchema, raw);
  const connector = await liveConnector(ctx, input.connectorId);
  const batch = await ctx.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(failedSince(input.connectorId, input.since), input.after ? gt(deliveries.id, input.after) : undefined))
    .orderBy(asc(deliveries.id))
    .limit(input.limit);
  const results = await Promise.allSettled(batch.map((d) => replayOne(ctx, rt, d.id)));
  const succeeded = results.filter((r) => r.status === "fulfilled" && r.value.success).length;
  if (!input.after && batch.length > 0) {
    await recordAudit(ctx.db, ctx.actor, {
      action: "connector.replay_failed",
      entityType: "connector",
      entityId: connector.id,
      summary: `Started replaying failed deliveries of ${connector.name} since ${input.since.toISOString()}`,
    });
  }
  return {
    replayed: batch.length,
    succeeded,
    failed: batch.length - succeeded,
    after: batch.at(-1)?.id ?? input.after ?? null,
    done: batch.length < input.limit,
  };
}
