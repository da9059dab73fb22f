"use server";

import { runAction } from "@/lib/actions";
import { defaultRuntime } from "@/lib/delivery/engine/runtime";
import { resendWithChanges } from "./resend";

export async function resendWithChangesAction(input: unknown) {
  return runAction("deliveries.replay", async (ctx) => {
    const outcome = await resendWithChanges(ctx, input, defaultRuntime());
    return { id: outcome.id, success: outcome.success, status: outcome.status };
  });
}
