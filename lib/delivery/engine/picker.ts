import { env } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Tells the delivery engine that committed events are waiting. Never throws: the events are
 * already stored, and whichever engine runs also sweeps for events it was not told about. The local
 * driver needs nothing here: planning the deliveries already woke every instance's worker
 * (lib/delivery/engine/announce.ts, and NOTIFY across processes).
 */
export async function dispatchEvents(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0 || env().delivery.engine === "local") return;
  try {
    const { sendEventsToInngest } = await import("@/inngest/dispatch");
    await sendEventsToInngest(eventIds);
  } catch (error) {
    log("engine").error({ err: error }, `could not hand ${eventIds.length} event(s) to Inngest; the sweep will retry`);
  }
}
