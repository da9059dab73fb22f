"use server";

import { runAction } from "@/lib/actions";
import { savePushRuleChanges } from "./service";

/** The Push rules screen saves its pending additions and removals together. */
export async function savePushRuleChangesAction(input: unknown) {
  return runAction("push-rules.write", (ctx) => savePushRuleChanges(ctx, input), {
    revalidate: ["/integrations/push-rules"],
  });
}
