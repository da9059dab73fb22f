import { sweepExpiredLeases } from "@/lib/delivery/engine/lease";
import { deliveryRequestedPayload, eventReceivedPayload } from "../client";
import { markDispatched, SWEEP_OVERDUE_MS, unacknowledgedDeliveries, unacknowledgedEvents } from "../queries";
import { defaultDeps, type HubDeps } from "./deps";
import { everyMinute } from "./schedule";

/**
 * Every minute: sends again what Inngest never acknowledged (an outage, a crash between commit and
 * send) or lost track of, so deliveries are delayed, never lost. Re-sends carry event ids that
 * Inngest deduplicates, so at most one extra run per event or delivery every ten minutes. Also
 * removes leases that ran out long ago.
 */
export function createSweepFunction(deps: HubDeps) {
  return everyMinute("sweep", "Re-send unacknowledged work", async (step) => {
    const found = await step.run("find-unacknowledged", async () => {
      const rt = deps.runtime();
      const now = rt.now();
      return {
        at: now.getTime(),
        events: await unacknowledgedEvents(rt.db, now),
        deliveries: await unacknowledgedDeliveries(rt.db, now),
      };
    });
    const window = `sweep-${Math.floor(found.at / SWEEP_OVERDUE_MS)}`;
    if (found.events.length > 0) {
      await step.sendEvent(
        "resend-events",
        found.events.map((eventId) => eventReceivedPayload(eventId, window)),
      );
    }
    if (found.deliveries.length > 0) {
      // A first send reuses the fan-out's event id: if that send did reach Inngest, this one is a no-op.
      await step.sendEvent(
        "resend-deliveries",
        found.deliveries.map((d) => deliveryRequestedPayload(d, d.resend ? `resend-${found.at}` : undefined)),
      );
      await step.run("mark-dispatched", async () => {
        const rt = deps.runtime();
        await markDispatched(rt.db, found.deliveries.map((d) => d.deliveryId), rt.now());
      });
    }
    // Leases left behind by runs that died long ago: they no longer mean anything.
    await step.run("sweep-expired-leases", () => sweepExpiredLeases(deps.runtime().db));
    return { events: found.events.length, deliveries: found.deliveries.length };
  });
}

export const sweep = createSweepFunction(defaultDeps);
