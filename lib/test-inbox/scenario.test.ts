import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectors, programs, pushRules, testInboxes } from "@/db/schema";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { validateIngestBody } from "@/lib/events/ingest";
import { useTestDatabase } from "@/test/support/db";
import { useEnv } from "@/test/support/env";
import { testRuntime } from "@/test/support/pipeline";
import { rejectionOf, useRoles } from "@/test/support/roles";
import { buildScenario, replayScenarioDelivery } from "./scenario";
import { scenarioEvent } from "./scenario-events";

const database = useTestDatabase();
const roles = useRoles(database);
const setEnv = useEnv();

describe("the qa:seed scenario", () => {
  it("is refused to a marketer, and while the test inbox is off, before anything is made", async () => {
    expect(await rejectionOf(buildScenario(roles.marketer))).toBeInstanceOf(ForbiddenError);
    setEnv({ APP_ENV: "production", AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: env().encryptionKey.toString("base64") });
    expect(await rejectionOf(buildScenario(roles.admin))).toBeInstanceOf(ConflictError);
    expect(await database().db.select().from(programs)).toEqual([]);
  });

  it("makes two programs with API keys, active connectors on test inboxes (one failing every 3rd), push rules; once only", async () => {
    const db = database().db;
    const scenario = await buildScenario(roles.admin);
    expect(scenario.programs).toHaveLength(2);
    for (const program of scenario.programs) expect(program.apiKey).toMatch(/^ihk_/);

    const ids = scenario.connectors.map((c) => c.id);
    const rows = await db.select().from(connectors).where(inArray(connectors.id, ids));
    expect(rows.every((c) => c.active)).toBe(true);
    const inboxes = await db.select().from(testInboxes).where(inArray(testInboxes.connectorId, ids));
    expect(inboxes.map((i) => i.responseMode).sort()).toEqual(["always-200", "fail-every-3rd"]);
    for (const connector of scenario.connectors.filter((c) => c.inboxId)) expect(connector.url).toContain("/api/inbox/");
    const rules = await db.select().from(pushRules).where(inArray(pushRules.connectorId, ids));
    expect(rules.length).toBeGreaterThan(10);

    const again = await rejectionOf(buildScenario(roles.admin));
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as Error).message).toContain("already run");
    expect(await db.select().from(connectors).where(eq(connectors.name, scenario.connectors[0]!.name))).toHaveLength(1);
  });

  it("sends events the ingest API accepts, of types the program's rules deliver, with stable ids", () => {
    const program = { id: crypto.randomUUID(), eventTypes: ["points.earned", "reward.offered", "level.changed"] as const };
    const events = Array.from({ length: 30 }, (_, n) => scenarioEvent({ ...program, eventTypes: [...program.eventTypes] }, n));
    const validated = validateIngestBody(events);
    expect(validated.ok).toBe(true);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(program.eventTypes));
    expect(new Set(events.map((e) => e.id)).size).toBe(30);
    expect(scenarioEvent({ ...program, eventTypes: [...program.eventTypes] }, 7)).toEqual(events[7]);
  });

  it("has nothing to replay before the flaky inbox answered a 500", async () => {
    expect(await replayScenarioDelivery(roles.admin, testRuntime(database().db))).toBeNull();
  });
});
