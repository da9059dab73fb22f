import { defaultPolicy } from "@/lib/delivery/attempts/policy";
import { attemptStep } from "../attempt-step";
import { deliveryRequested, inngest } from "../client";
import { defaultDeps, type HubDeps } from "./deps";

/** Wake-ups allowed beyond one per scheduled attempt: waits for another holder's lease or a due time. */
const EXTRA_WAKEUPS = 10;

/**
 * hub/delivery.requested → one run per delivery: a step per attempt, and a durable sleep until the
 * next retry the core scheduled (lib/delivery/attempts/policy.ts, Retry-After honoured), until the delivery
 * succeeds or fails. A run that ends unfinished (bound reached, connector off) is picked up again by
 * the sweep.
 */
export function createDeliverFunction(deps: HubDeps) {
  return inngest.createFunction(
    {
      id: "deliver",
      name: "Deliver a webhook",
      triggers: [deliveryRequested],
      // At most 10 requests in flight per connector; a sleeping run holds no slot.
      concurrency: { key: "event.data.connectorId", limit: defaultPolicy.maxInFlightPerConnector },
    },
    async ({ event, step, runId }) => {
      const rt = deps.runtime();
      const owner = `inngest:${runId}`;
      const bound = rt.policy.schedule.length + 1 + EXTRA_WAKEUPS;
      for (let n = 1; n <= bound; n++) {
        const result = await step.run(`attempt-${n}`, () => attemptStep(rt, event.data.deliveryId, owner));
        if (result.done) return result;
        await step.sleepUntil(`wait-${n}`, result.wakeAt);
      }
      return { done: false, status: "unfinished" } as const;
    },
  );
}

export const deliver = createDeliverFunction(defaultDeps);
