import { fanOutEvent } from "@/lib/delivery/engine/fanout";
import { deliveryRequestedPayload, eventReceived, inngest } from "../client";
import { markDispatched, undispatchedDeliveries } from "../queries";
import { defaultDeps, type HubDeps } from "./deps";

/**
 * hub/event.received → one delivery row per active connector the push rules select, then one
 * hub/delivery.requested per delivery. Every step is idempotent: fanning out twice creates nothing
 * new, and deliveries already handed to Inngest are not sent again.
 */
export function createFanOutFunction(deps: HubDeps) {
  return inngest.createFunction(
    { id: "fan-out", name: "Fan out an event", triggers: [eventReceived] },
    async ({ event, step }) => {
      const targets = await step.run("fan-out", async () => {
        const rt = deps.runtime();
        const { deliveryIds } = await fanOutEvent(rt.db, event.data.eventId, rt.now());
        return undispatchedDeliveries(rt.db, deliveryIds);
      });
      if (targets.length === 0) return { deliveries: 0 };
      await step.sendEvent(
        "request-deliveries",
        targets.map((target) => deliveryRequestedPayload(target)),
      );
      await step.run("mark-dispatched", async () => {
        const rt = deps.runtime();
        await markDispatched(rt.db, targets.map((t) => t.deliveryId), rt.now());
      });
      return { deliveries: targets.length };
    },
  );
}

export const fanOut = createFanOutFunction(defaultDeps);
