import { eq } from "drizzle-orm";
import { deliveries, deliveryLeases } from "@/db/schema";
import { performAttempt } from "@/lib/delivery/attempts/perform";
import { claimDelivery, releaseLease } from "@/lib/delivery/engine/lease";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";

/**
 * What one `attempt-N` step of the deliver function decided. Plain JSON: Inngest stores step
 * results and replays them, so a finished step is never run again.
 */
export type AttemptStepResult =
  | { done: true; status: "succeeded" | "failed" | "skipped"; reason?: string }
  | { done: false; wakeAt: string; reason: "retry" | "not_due" | "leased" | "busy" };

/** How long a run waits when its connector's requests-in-flight cap is full (held by other runs or workers). */
const BUSY_RETRY_MS = 250;

type State = { status: string; nextAttemptAt: Date | null; leaseExpiresAt: Date | null } | undefined;

async function readState(rt: DeliveryRuntime, deliveryId: string): Promise<State> {
  const [row] = await rt.db
    .select({ status: deliveries.status, nextAttemptAt: deliveries.nextAttemptAt, leaseExpiresAt: deliveryLeases.expiresAt })
    .from(deliveries)
    .leftJoin(deliveryLeases, eq(deliveryLeases.deliveryId, deliveries.id))
    .where(eq(deliveries.id, deliveryId));
  return row;
}

/** Why the delivery cannot be attempted right now, or null when it can. */
function notNow(state: State, now: Date): AttemptStepResult | null {
  if (!state) return { done: true, status: "skipped", reason: "not_found" };
  if (state.status === "succeeded" || state.status === "failed") return { done: true, status: state.status };
  if (state.leaseExpiresAt && state.leaseExpiresAt > now) return { done: false, wakeAt: state.leaseExpiresAt.toISOString(), reason: "leased" };
  if (state.nextAttemptAt && state.nextAttemptAt > now) return { done: false, wakeAt: state.nextAttemptAt.toISOString(), reason: "not_due" };
  return null;
}

/**
 * One scheduled attempt of a delivery, if it is due, under the same lease the local driver uses.
 * Repeating it is harmless: Inngest retrying the step, or a second run for the same delivery (a
 * sweep re-send), finds the delivery finished, leased or not yet due and only waits.
 */
export async function attemptStep(rt: DeliveryRuntime, deliveryId: string, owner: string): Promise<AttemptStepResult> {
  const now = rt.now();
  const blocked = notNow(await readState(rt, deliveryId), now);
  if (blocked) return blocked;
  // Inngest's concurrency key bounds runs per connector at the policy's maximum; the connector's own
  // (possibly lower) cap is enforced here, in the leases every engine and process counts.
  const claim = await claimDelivery(rt.db, deliveryId, owner, { leaseMarginMs: rt.leaseMarginMs });
  // "waiting": a member-ordered connector's earlier delivery goes first (the option is refused under
  // Inngest, but deliveries planned before a switch of engines may still carry it).
  if (claim.kind === "busy" || claim.kind === "waiting") return { done: false, wakeAt: new Date(now.getTime() + BUSY_RETRY_MS).toISOString(), reason: "busy" };
  if (claim.kind !== "claimed") {
    // Someone claimed it between the read and the claim: look again.
    return notNow(await readState(rt, deliveryId), now) ?? { done: false, wakeAt: now.toISOString(), reason: "leased" };
  }
  let outcome;
  try {
    outcome = await performAttempt(rt, claim.delivery, { owner, trigger: "scheduled" });
  } catch (error) {
    // Inngest retries the step; without the lease back it would wait for the lease to expire.
    await releaseLease(rt.db, deliveryId, owner).catch(() => undefined);
    throw error;
  }
  // "connector_unavailable" ends the run: the sweep sends the delivery again once the connector is back.
  if (outcome.kind === "skipped") return { done: true, status: "skipped", reason: outcome.reason };
  if (outcome.status === "succeeded" || outcome.status === "failed") return { done: true, status: outcome.status };
  return { done: false, wakeAt: (outcome.nextAttemptAt ?? rt.now()).toISOString(), reason: "retry" };
}
