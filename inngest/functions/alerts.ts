import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { sendDueAlerts } from "@/lib/alerts/notify";
import { defaultDeps, type HubDeps } from "./deps";
import { everyMinute } from "./schedule";

/**
 * Every minute: opens and closes connectors' alert episodes, then sends the operational events
 * that are due to Alert destinations. One run at a time; the episode changes are compare-and-set
 * anyway, so an overlapping local driver makes no second alert.
 */
export function createAlertsFunction(deps: HubDeps) {
  return everyMinute("alerts", "Connector alerts", async (step) => {
    const made = await step.run("evaluate-alerts", async () => {
      const rt = deps.runtime();
      return (await evaluateAlerts(rt.db, rt.now())).map((a) => ({ id: a.id, kind: a.kind }));
    });
    const sent = await step.run("send-operational-events", async () => {
      const outcomes = await sendDueAlerts(deps.runtime());
      return { delivered: outcomes.filter((o) => o.delivered).length, notDelivered: outcomes.filter((o) => !o.delivered).length };
    });
    return { alerts: made, ...sent };
  });
}

export const alerts = createAlertsFunction(defaultDeps);
