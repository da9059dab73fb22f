import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { env } from "@/lib/env";

/*
 * The Inngest client and the two events the hub sends itself. Inngest only decides when code runs:
 * each event carries ids, and every function reads the truth from Postgres.
 */

/** An event row is committed and waits to be fanned out. */
export const eventReceived = eventType("hub/event.received", {
  schema: z.object({ eventId: z.uuid() }),
});

/** A delivery row exists; one run attempts it until it succeeds or fails for good. */
export const deliveryRequested = eventType("hub/delivery.requested", {
  schema: z.object({ deliveryId: z.uuid(), connectorId: z.uuid() }),
});

export const inngest = new Inngest({
  id: "integrations-hub",
  // Getters, because the SDK reads its options on use while `next build` imports this module with
  // no configuration at all; lib/env.ts stays the only reader of the environment.
  get isDev() {
    return env().inngest.dev;
  },
  get baseUrl() {
    return env().inngest.baseUrl;
  },
  get eventKey() {
    return env().inngest.eventKey;
  },
  get signingKey() {
    return env().inngest.signingKey;
  },
});

/*
 * Event ids make sends idempotent: Inngest starts one run per id within 24 hours, so a send that is
 * repeated (a retried step, the sweep catching up with an acknowledged send) starts nothing new.
 */

export function eventReceivedPayload(eventId: string, attempt?: string) {
  return eventReceived.create({ eventId }, { id: attempt ? `hub-event-${eventId}-${attempt}` : `hub-event-${eventId}` });
}

export function deliveryRequestedPayload(target: { deliveryId: string; connectorId: string }, attempt?: string) {
  const id = attempt ? `hub-delivery-${target.deliveryId}-${attempt}` : `hub-delivery-${target.deliveryId}`;
  return deliveryRequested.create({ deliveryId: target.deliveryId, connectorId: target.connectorId }, { id });
}
