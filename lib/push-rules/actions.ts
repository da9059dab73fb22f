"use server";

import { runAction } from "@/lib/actions";
import { savePushRuleChanges, savePushRuleFilter, testPushRuleFilter } from "./service";

/** The Push rules screen saves its pending additions and removals together. */
export async function savePushRuleChangesAction(input: unknown) {
  return runAction("push-rules.write", (ctx) => savePushRuleChanges(ctx, input), {
    revalidate: ["/integrations/push-rules"],
  });
}

/** Sets or removes one rule's Filter. */
export async function savePushRuleFilterAction(input: unknown) {
  return runAction("push-rules.write", (ctx) => savePushRuleFilter(ctx, input), {
    revalidate: ["/integrations/push-rules"],
  });
}

/** Test filter: the dry run, which writes nothing. */
export async function testPushRuleFilterAction(input: unknown) {
  return runAction("push-rules.read", (ctx) => testPushRuleFilter(ctx, input));
}
