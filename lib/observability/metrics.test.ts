import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import type { Db } from "@/db";
import { deliveries } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { ConnectorCache } from "@/lib/delivery/engine/connector-cache";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram, makeUser } from "@/test/support/factories";
import { adminAndProgram, deliveriesOf, ingestExample, setUpConnector, subscribe, testRuntime, whileWorking } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { Scrape } from "@/test/support/prometheus";
import { eventually } from "@/test/support/receiver";

// The route handler runs for real; the session, the process database and the token are the test's.
const state = vi.hoisted(() => ({ db: null as Db | null, actor: null as Actor | null, token: undefined as string | undefined }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("@/lib/auth/session", () => ({ currentActor: async () => state.actor }));
vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return { ...actual, env: () => ({ ...actual.env(), monitoring: { metricsToken: state.token, workerStaleMs: 10_000 } }) };
});

const TOKEN = "metrics-token-for-tests-0123456789abcdef";
const database = useTestDatabase();
const receiver = useReceivers();

beforeAll(() => {
  state.db = database().db;
});

function get(headers: Record<string, string> = {}) {
  return GET(new Request("http://hub.test/api/metrics", { headers }));
}

/** Scrapes the route with the token, as Prometheus would. */
async function scrape(): Promise<Scrape> {
  state.token = TOKEN;
  const response = await get({ authorization: `Bearer ${TOKEN}` });
  expect(response.status).toBe(200);
  return new Scrape(await response.text());
}

describe("GET /api/metrics access", () => {
  it("refuses without a token or a session, and refuses a wrong token", async () => {
    state.token = TOKEN;
    state.actor = null;
    const refused: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token-wrong-token-wrong-token" }, { authorization: TOKEN }];
    for (const headers of refused) {
      const response = await get(headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });

  it("accepts the token, in Prometheus's text format", async () => {
    state.token = TOKEN;
    state.actor = null;
    const response = await get({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(new Scrape(await response.text()).family("hub_delivery_attempts_total").type).toBe("COUNTER");
  });

  it("without METRICS_TOKEN accepts only an admin's session: a bearer gets 401, a marketer 403", async () => {
    const db = database().db;
    state.token = undefined;
    state.actor = null;
    expect((await get({ authorization: `Bearer ${TOKEN}` })).status).toBe(401);
    state.actor = await makeUser(db, "marketer");
    const marketer = await get();
    expect(marketer.status).toBe(403);
    expect(await marketer.json()).toMatchObject({ error: { code: "forbidden" } });
    state.actor = await makeUser(db, "admin");
    expect((await get()).status).toBe(200);
    state.actor = null;
  });
});

describe("what the metrics show", () => {
  it("counts real deliveries by connector and outcome, their durations, the ingested events and the worker's ticks", async () => {
    const db = database().db;
    const { admin, program } = await adminAndProgram(db);
    const healthy = await receiver();
    // Fails the first request: one attempt left to retry, then a success.
    const flaky = await receiver({ reply: (n) => ({ status: n === 1 ? 500 : 204 }) });
    const healthyId = await setUpConnector(admin, { url: healthy.url });
    const flakyId = await setUpConnector(admin, { url: flaky.url });
    await subscribe(db, program.id, healthyId, "level.changed");
    await subscribe(db, program.id, flakyId, "level.changed");

    const before = await scrape();
    const after = await whileWorking(testRuntime(db), 50, async () => {
      const eventId = await ingestExample(db, program.id, "level.changed");
      await eventually(async () => (await deliveriesOf(db, eventId)).every((d) => d.status === "succeeded"), 10_000, "both delivered");
      // Counted once the batch holding the attempt is recorded, just after the rows commit.
      return eventually(async () => {
        const s = await scrape();
        return s.value("hub_delivery_attempts_total", { connector: flakyId, outcome: "succeeded" }) === 1 && s;
      });
    });
    const attempts = (connector: string, outcome: string) => after.value("hub_delivery_attempts_total", { connector, outcome });
    expect([attempts(healthyId, "succeeded"), attempts(healthyId, "retrying"), attempts(healthyId, "failed")]).toEqual([1, 0, 0]);
    expect([attempts(flakyId, "succeeded"), attempts(flakyId, "retrying"), attempts(flakyId, "failed")]).toEqual([1, 1, 0]);

    expect(after.family("hub_delivery_attempt_duration_seconds").type).toBe("HISTOGRAM");
    const durations = (suffix: string, labels: Record<string, string>) => after.value(`hub_delivery_attempt_duration_seconds_${suffix}`, labels);
    expect(durations("count", { connector: flakyId })).toBe(2);
    expect(durations("bucket", { connector: flakyId, le: "+Inf" })).toBe(2);
    expect(durations("sum", { connector: flakyId })).toBeGreaterThan(0);
    expect(durations("count", { connector: healthyId })).toBe(1);

    const ingested = (s: Scrape) => s.value("hub_events_ingested_total", { type: "level.changed" });
    expect(ingested(after) - ingested(before)).toBe(1);
    // The worker ticked many times in a 50 ms poll, each tick counted.
    expect(after.value("hub_worker_ticks_total") - before.value("hub_worker_ticks_total")).toBeGreaterThan(1);
  });

  it("counts the worker's errors by stage", async () => {
    const db = database().db;
    const before = await scrape();
    // Every tick fails reading the connectors.
    const connectors = new ConnectorCache();
    connectors.deliverable = async () => {
      throw new Error("connectors unreadable");
    };
    await whileWorking(testRuntime(db, { connectors }), 50, async () => {
      await eventually(async () => {
        const s = await scrape();
        return s.value("hub_worker_errors_total", { stage: "tick" }) - before.value("hub_worker_errors_total", { stage: "tick" }) >= 2;
      });
    });
  });

  it("reads the due and retrying backlog and the oldest due delivery's age from the database at scrape time", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    // Turned off: no worker would take these, and none runs now.
    const connector = await makeConnector(db, { active: false });
    const before = await scrape();
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    const event = () => makeEvent(db, program.id);
    await makeDelivery(db, await event(), connector.id, { nextAttemptAt: ago(600) });
    await makeDelivery(db, await event(), connector.id, { nextAttemptAt: ago(5) });
    await makeDelivery(db, await event(), connector.id, { status: "retrying", nextAttemptAt: ago(1) });
    // Waiting for its retry: backlog, but not due.
    await makeDelivery(db, await event(), connector.id, { status: "retrying", nextAttemptAt: new Date(Date.now() + 3_600_000) });
    // Finished deliveries are not backlog.
    await makeDelivery(db, await event(), connector.id, { status: "succeeded", nextAttemptAt: null });

    const after = await scrape();
    for (const name of ["hub_deliveries_due", "hub_deliveries_retrying", "hub_deliveries_oldest_due_age_seconds"]) {
      expect(after.family(name).type).toBe("GAUGE");
    }
    expect(after.value("hub_deliveries_due") - before.value("hub_deliveries_due")).toBe(3);
    expect(after.value("hub_deliveries_retrying") - before.value("hub_deliveries_retrying")).toBe(2);
    expect(after.value("hub_deliveries_oldest_due_age_seconds")).toBeGreaterThanOrEqual(600);
    expect(after.value("hub_deliveries_oldest_due_age_seconds")).toBeLessThan(3600);

    // Gauges, not counters: delivered, they leave the backlog at the next scrape.
    await db.update(deliveries).set({ status: "succeeded", nextAttemptAt: null });
    const cleared = await scrape();
    expect([cleared.value("hub_deliveries_due"), cleared.value("hub_deliveries_retrying"), cleared.value("hub_deliveries_oldest_due_age_seconds")]).toEqual([
      0, 0, 0,
    ]);
  });
});
