import type { EventDispatcher } from "@/lib/delivery/engine/picker";
import { eventReceivedPayload, inngest } from "./client";

/**
 * Hands committed events to Inngest, after the ingest transaction. Registered with the engine
 * picker by boot when DELIVERY_ENGINE=inngest. A failure here loses nothing: the sweep re-sends
 * events still not fanned out a minute later.
 */
export const inngestDispatcher: EventDispatcher = {
  name: "Inngest",
  async dispatch(eventIds) {
    if (eventIds.length === 0) return;
    await inngest.send(eventIds.map((eventId) => eventReceivedPayload(eventId)));
  },
};
