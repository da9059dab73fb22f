import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import type { Db } from "@/db";
import { ConnectorCache } from "@/lib/delivery/engine/connector-cache";
import { LocalWorker } from "@/lib/delivery/engine/worker";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { testRuntime } from "@/test/support/pipeline";
import { eventually } from "@/test/support/receiver";
import { checkHealth, type HealthReport } from "./health";

// The route handler runs for real; the process database, its worker and the settings are the test's.
const state = vi.hoisted(() => ({
  db: null as Db | null,
  worker: undefined as LocalWorker | undefined,
  engine: "local" as "local" | "inngest",
  workerStaleMs: 10_000,
}));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("@/lib/delivery/engine/local-driver", () => ({ localWorker: () => state.worker }));
vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return {
    ...actual,
    env: () => {
      const e = actual.env();
      return { ...e, delivery: { ...e.delivery, engine: state.engine }, monitoring: { ...e.monitoring, workerStaleMs: state.workerStaleMs } };
    },
  };
});

const database = useTestDatabase();
const workers: LocalWorker[] = [];
afterAll(async () => Promise.all(workers.map((w) => w.stop(1000))));

beforeAll(() => {
  state.db = database().db;
});

async function health(): Promise<{ status: number; report: HealthReport }> {
  const response = await GET();
  return { status: response.status, report: (await response.json()) as HealthReport };
}

function startWorker(options: { failingTicks?: boolean } = {}) {
  const connectors = new ConnectorCache();
  if (options.failingTicks) {
    connectors.deliverable = async () => {
      throw new Error("connectors unreadable");
    };
  }
  const worker = new LocalWorker(testRuntime(database().db, { connectors }), { pollIntervalMs: 50, log: () => undefined });
  workers.push(worker);
  worker.start();
  state.worker = worker;
  return worker;
}

describe("GET /api/health", () => {
  it("answers 200 with the database, the engine, a ticking worker's heartbeat and the backlog's age", async () => {
    state.engine = "local";
    state.workerStaleMs = 10_000;
    const db = database().db;
    const program = await makeProgram(db);
    // Due for two minutes at a connector that is turned off: backlog nobody takes.
    await makeDelivery(db, await makeEvent(db, program.id), (await makeConnector(db, { active: false })).id, {
      nextAttemptAt: new Date(Date.now() - 120_000),
    });
    const worker = startWorker();
    const first = await eventually(async () => worker.heartbeat.lastTickAt, 5000, "a first tick");
    // Idle, it still ticks every poll: the heartbeat moves on.
    await eventually(async () => worker.heartbeat.lastTickAt! > first, 5000, "a later tick");

    const { status, report } = await health();
    expect(status).toBe(200);
    expect(report).toMatchObject({
      ok: true,
      database: "up",
      databaseKind: process.env.DATABASE_URL ? "postgres" : "pglite",
      engine: "local",
      worker: { state: "ticking", staleAfterMs: 10_000 },
    });
    expect(Date.parse(report.worker!.lastTickAt!)).toBeGreaterThan(first.getTime());
    expect(report.backlog!.oldestDueAgeSeconds).toBeGreaterThanOrEqual(120);
    await worker.stop(1000);
  });

  it("answers 503 once the worker is stopped", async () => {
    state.engine = "local";
    state.workerStaleMs = 10_000;
    const worker = startWorker();
    await eventually(async () => worker.heartbeat.lastTickAt, 5000, "a first tick");
    expect((await health()).status).toBe(200);
    await worker.stop(1000);
    const { status, report } = await health();
    expect(status).toBe(503);
    expect(report).toMatchObject({ ok: false, database: "up", worker: { state: "stopped" } });
    state.worker = undefined;
    expect((await health()).status).toBe(503);
  });

  it("answers 503 when the running worker has not completed a tick within HEALTH_WORKER_STALE_MS", async () => {
    state.engine = "local";
    state.workerStaleMs = 10_000;
    // Running, but every pass fails: it is judged from its start, then found stale.
    const worker = startWorker({ failingTicks: true });
    expect((await health()).report.worker).toMatchObject({ state: "ticking", lastTickAt: null });
    state.workerStaleMs = 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { status, report } = await health();
    expect(status).toBe(503);
    expect(report).toMatchObject({ ok: false, database: "up", worker: { state: "stale", lastTickAt: null, staleAfterMs: 1 } });
    await worker.stop(1000);
  });

  it("does not judge a local worker with the Inngest engine", async () => {
    state.engine = "inngest";
    state.worker = undefined;
    const { status, report } = await health();
    expect(status).toBe(200);
    expect(report).toMatchObject({ ok: true, engine: "inngest", worker: null });
  });

  it("answers 503 when the database does not answer", async () => {
    state.engine = "inngest";
    const db = state.db;
    state.db = { execute: async () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    try {
      const { status, report } = await health();
      expect(status).toBe(503);
      expect(report).toMatchObject({ ok: false, database: "down", backlog: null });
    } finally {
      state.db = db;
    }
  });
});

describe("checkHealth", () => {
  it("finds a worker stale once its last completed tick is older than the limit", async () => {
    const worker = startWorker();
    await eventually(async () => worker.heartbeat.lastTickAt, 5000, "a first tick");
    const input = { db: database().db, databaseKind: "pglite" as const, engine: "local" as const, worker: worker.heartbeat, workerStaleMs: 5000 };
    const at = (ms: number) => new Date(worker.heartbeat.lastTickAt!.getTime() + ms);
    expect((await checkHealth({ ...input, now: at(4000) })).status).toBe(200);
    const later = await checkHealth({ ...input, now: at(6000) });
    expect(later.status).toBe(503);
    expect(later.report.worker).toMatchObject({ state: "stale", lastTickAt: worker.heartbeat.lastTickAt!.toISOString() });
    await worker.stop(1000);
  });
});
