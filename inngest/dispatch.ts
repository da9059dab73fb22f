import { eventReceivedPayload, inngest } from "./client";

/**
 * Hands committed events to Inngest, after the ingest transaction. A failure here loses nothing:
 * the sweep re-sends events still not fanned out a minute later.
 */
export async function sendEventsToInngest(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await inngest.send(eventIds.map((eventId) => eventReceivedPayload(eventId)));
}
