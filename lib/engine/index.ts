import { localWorker } from "@/lib/delivery/local-driver";
import { env } from "@/lib/env";

/**
 * Tells the delivery engine that committed events are waiting. Never throws: the events are
 * already stored, and whichever engine runs also sweeps for events it was not told about.
 */
export async function dispatchEvents(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  if (env().delivery.engine === "local") {
    localWorker()?.wake();
    return;
  }
  try {
    const { sendEventsToInngest } = await import("@/inngest/dispatch");
    await sendEventsToInngest(eventIds);
  } catch (error) {
    console.error(`[engine] could not hand ${eventIds.length} event(s) to Inngest; the sweep will retry:`, error instanceof Error ? error.message : error);
  }
}
