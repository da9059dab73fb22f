import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { evaluateAlerts } from "./evaluate";
import { sendDueAlerts } from "./notify";

/** How often the local driver checks its connectors for alerts (the Inngest engine: every minute). */
export const ALERTS_EVERY_MS = 5000;

/** One alerts pass: open or close episodes, then send the operational events that are due. */
export async function checkAlerts(rt: DeliveryRuntime) {
  const made = await evaluateAlerts(rt.db, rt.now());
  const sent = await sendDueAlerts(rt);
  return { made, sent };
}
