"use server";

import { runAction } from "@/lib/actions";
import { defaultRuntime } from "@/lib/delivery/engine/runtime";
import { countFailedSince, replayFailedBatch, resendDelivery } from "./replay";

export async function resendDeliveryAction(input: unknown) {
  return runAction("deliveries.replay", async (ctx) => {
    const outcome = await resendDelivery(ctx, input, defaultRuntime());
    return { success: outcome.success, status: outcome.status };
  });
}

export async function countFailedSinceAction(input: unknown) {
  return runAction("deliveries.replay", (ctx) => countFailedSince(ctx, input));
}

export async function replayFailedBatchAction(input: unknown) {
  return runAction("deliveries.replay", (ctx) => replayFailedBatch(ctx, input, defaultRuntime()));
}
