import { cron, type GetStepTools } from "inngest";
import { inngest } from "../client";

/**
 * A function run every minute, one run at a time: a run that outlasts the minute makes the next
 * tick wait instead of doing the same work twice at once.
 */
export function everyMinute<T>(id: string, name: string, handler: (step: GetStepTools<typeof inngest>) => Promise<T>) {
  return inngest.createFunction(
    { id, name, triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
    async ({ step }) => handler(step),
  );
}
