import { z } from "zod";
import { sessionRoute } from "@/lib/api";
import { defaultRuntime } from "@/lib/delivery/engine/runtime";
import { parseInput } from "@/lib/validation";
import { buildScenario, replayScenarioDelivery } from "@/lib/test-inbox/scenario";

const bodySchema = z.object({ step: z.enum(["build", "replay"], { error: 'Send { "step": "build" } or { "step": "replay" }.' }) });

/** `npm run qa:seed`'s steps inside the running hub, which holds the database (docs/test-inbox.md). Admins only. */
export const POST = sessionRoute("connectors.write", async (ctx, request) => {
  const { step } = parseInput(bodySchema, await request.json().catch(() => null));
  if (step === "build") return buildScenario(ctx);
  return { replayed: await replayScenarioDelivery(ctx, defaultRuntime()) };
});
