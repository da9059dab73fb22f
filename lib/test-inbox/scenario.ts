import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { attempts, connectors, deliveries, programs } from "@/db/schema";
import { assertCan, type Ctx } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/api-keys/service";
import { createConnector, setActive, updateGlobalVariables } from "@/lib/connectors/service";
import { generateWebhookSecret } from "@/lib/connectors/secrets";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { resendDelivery } from "@/lib/delivery/logs/replay";
import { ConflictError } from "@/lib/errors";
import { eventTypeIds, type EventType } from "@/lib/events/types";
import { createProgram } from "@/lib/programs/service";
import { addPushRules } from "@/lib/push-rules/service";
import type { ScenarioProgram } from "./scenario-events";
import { assertTestInboxOn, createInbox, setResponseMode } from "./service";

/*
 * The exploratory-testing scenario behind `npm run qa:seed` (docs/test-inbox.md). Everything is made
 * through the admin verbs, as the screens make it; the events then go through the public ingest API
 * and the normal delivery pipeline, so what the logs show is real.
 */

const SCENARIO_PREFIX = "QA seed";

const programNames = { coffee: `${SCENARIO_PREFIX}: Coffee Club`, books: `${SCENARIO_PREFIX}: Book Club` } as const;

type ConnectorPlan = {
  key: "crm" | "flaky" | "dead";
  name: string;
  /** A test inbox (with this response mode), or a URL nothing listens on. */
  target: { inbox: "always-200" | "fail-every-3rd" } | { url: string };
  rules: Partial<Record<keyof typeof programNames, EventType[]>>;
};

const plans: ConnectorPlan[] = [
  {
    key: "crm",
    name: `${SCENARIO_PREFIX}: CRM (test inbox)`,
    target: { inbox: "always-200" },
    rules: { coffee: [...eventTypeIds], books: ["profile.created", "reward.offered", "points.earned"] },
  },
  {
    key: "flaky",
    name: `${SCENARIO_PREFIX}: Flaky webhook (fails every 3rd request)`,
    target: { inbox: "fail-every-3rd" },
    rules: { coffee: ["points.earned", "points.burned", "level.changed"], books: ["points.earned"] },
  },
  {
    // Port 9 (discard) on loopback: connections are refused, so its deliveries retry and fail.
    key: "dead",
    name: `${SCENARIO_PREFIX}: Retired receiver (refuses connections)`,
    target: { url: "http://127.0.0.1:9/qa-seed" },
    rules: { books: ["points.earned", "reward.offered"] },
  },
];

type ScenarioConnector = { id: string; name: string; url: string; inboxId: string | null };
export type Scenario = { programs: ScenarioProgram[]; connectors: ScenarioConnector[] };

/**
 * Makes the scenario's programs (each with an API key), connectors (two on test inboxes, one of
 * them failing every third request, one on a dead address) and push rules. Refuses to run twice:
 * a second scenario beside the first would only blur what the logs show.
 */
export async function buildScenario(ctx: Ctx): Promise<Scenario> {
  assertCan(ctx.actor, "connectors.write");
  assertTestInboxOn();
  const names = Object.values(programNames);
  const existing = await ctx.db
    .select({ name: programs.name })
    .from(programs)
    .where(inArray(sql`lower(${programs.name})`, names.map((n) => n.toLowerCase())));
  if (existing.length) {
    throw new ConflictError(
      `qa:seed has already run on this hub (${existing.map((p) => p.name).join(", ")} exist). Start on a fresh DATA_DIR or database to run it again.`,
    );
  }

  const made = {} as Record<keyof typeof programNames, ScenarioProgram>;
  for (const [key, name] of Object.entries(programNames) as [keyof typeof programNames, string][]) {
    const program = await createProgram(ctx, { name });
    const { key: apiKey } = await createApiKey(ctx, { programId: program.id, label: "qa:seed" });
    made[key] = { id: program.id, name, apiKey, eventTypes: [] };
  }

  const madeConnectors: ScenarioConnector[] = [];
  for (const plan of plans) {
    const { id } = await createConnector(ctx, { name: plan.name });
    const inbox = "inbox" in plan.target ? await createInbox(ctx, { connectorId: id }) : null;
    if (inbox && "inbox" in plan.target) await setResponseMode(ctx, { inboxId: inbox.id, responseMode: plan.target.inbox });
    const url = inbox ? inbox.url : (plan.target as { url: string }).url;
    await updateGlobalVariables(ctx, {
      connectorId: id,
      notificationUrl: url,
      secret: generateWebhookSecret(),
      authHeaderName: "Authorization",
      authHeaderValue: `Bearer qa-seed-${plan.key}`,
      customHeaders: [],
      signatureScheme: "qualifio+standard",
      timeoutMs: 10_000,
    });
    await setActive(ctx, { connectorId: id, active: true });
    for (const [programKey, eventTypes] of Object.entries(plan.rules) as [keyof typeof programNames, EventType[]][]) {
      await addPushRules(ctx, { programIds: [made[programKey].id], eventTypes, connectorIds: [id] });
      made[programKey].eventTypes = [...new Set([...made[programKey].eventTypes, ...eventTypes])];
    }
    madeConnectors.push({ id, name: plan.name, url, inboxId: inbox?.id ?? null });
  }
  return { programs: Object.values(made), connectors: madeConnectors };
}

/**
 * Replays, through the ordinary Resend verb, a delivery of the flaky connector that failed an
 * attempt (its inbox's 500, preferably), so the log shows a replay next to retries. Null until
 * such a delivery exists.
 */
export async function replayScenarioDelivery(ctx: Ctx, rt: DeliveryRuntime) {
  const flaky = plans.find((p) => p.key === "flaky")!;
  const [failed] = await ctx.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .innerJoin(connectors, eq(connectors.id, deliveries.connectorId))
    .innerJoin(attempts, eq(attempts.deliveryId, deliveries.id))
    .where(and(eq(connectors.name, flaky.name), eq(attempts.success, false)))
    // The inbox's own 500s first; on a busy machine some attempts time out before it answers.
    .orderBy(desc(sql`${attempts.responseStatus} = 500`), desc(attempts.startedAt))
    .limit(1);
  if (!failed) return null;
  const outcome = await resendDelivery(ctx, { deliveryId: failed.id }, rt);
  return { deliveryId: failed.id, success: outcome.success, status: outcome.status };
}
