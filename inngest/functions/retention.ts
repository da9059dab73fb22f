import { cron } from "inngest";
import { deleteExpiredLogs } from "@/lib/delivery/engine/retention";
import { inngest } from "../client";
import { defaultDeps, type HubDeps } from "./deps";

/** Daily: events older than LOG_RETENTION_DAYS go, with their deliveries and attempts. */
export function createRetentionFunction(deps: HubDeps) {
  return inngest.createFunction(
    { id: "retention", name: "Delete logs past retention", triggers: [cron("TZ=UTC 30 3 * * *")] },
    async ({ step }) =>
      step.run("delete-expired-logs", async () => {
        const rt = deps.runtime();
        const retentionDays = deps.retentionDays();
        return { retentionDays, deleted: await deleteExpiredLogs(rt.db, retentionDays, rt.now()) };
      }),
  );
}

export const retention = createRetentionFunction(defaultDeps);
