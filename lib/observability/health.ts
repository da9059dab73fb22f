import { getDb, type Db } from "@/db";
import { localWorker } from "@/lib/delivery/engine/local-driver";
import type { LocalWorker } from "@/lib/delivery/engine/worker";
import { env } from "@/lib/env";
import { oldestDueAgeSeconds } from "./backlog";

export type HealthInput = {
  db: Db;
  databaseKind: "postgres" | "pglite";
  engine: "local" | "inngest";
  /** The local worker's heartbeat; undefined when no worker runs in this process. */
  worker: LocalWorker["heartbeat"] | undefined;
  workerStaleMs: number;
  now?: Date;
};

export type HealthReport = {
  ok: boolean;
  database: "up" | "down";
  databaseKind: "postgres" | "pglite";
  engine: "local" | "inngest";
  /** Null with the Inngest engine: deliveries run there, not in this process. */
  worker: { state: "ticking" | "stale" | "stopped"; lastTickAt: string | null; staleAfterMs: number } | null;
  /** Null when the database did not answer. */
  backlog: { oldestDueAgeSeconds: number } | null;
};

/**
 * What a load balancer or an orchestrator's probe needs: 503 when the database does not answer or,
 * with the local engine, when the worker has stopped or not completed a pass for `workerStaleMs`
 * (this instance takes in events it will never deliver). A growing backlog is reported, not
 * failed on: it is usually a receiver's fault, and taking the instance away would not help.
 */
export async function checkHealth(input: HealthInput): Promise<{ status: 200 | 503; report: HealthReport }> {
  const now = input.now ?? new Date();
  // The backlog probe (one index entry) doubles as the reachability check: one round trip.
  const age = await oldestDueAgeSeconds(input.db).catch(() => null);
  const worker = input.engine === "local" ? workerState(input.worker, input.workerStaleMs, now) : null;
  const ok = age !== null && (worker === null || worker.state === "ticking");
  const report: HealthReport = {
    ok,
    database: age === null ? "down" : "up",
    databaseKind: input.databaseKind,
    engine: input.engine,
    worker,
    backlog: age === null ? null : { oldestDueAgeSeconds: age },
  };
  return { status: ok ? 200 : 503, report };
}

/** This process's readiness, as /api/health reports it: its database, its engine and its local worker. */
export function checkInstanceHealth(): ReturnType<typeof checkHealth> {
  const e = env();
  return checkHealth({
    db: getDb(),
    databaseKind: e.databaseUrl ? "postgres" : "pglite",
    engine: e.delivery.engine,
    worker: localWorker()?.heartbeat,
    workerStaleMs: e.monitoring.workerStaleMs,
  });
}

function workerState(heartbeat: HealthInput["worker"], staleAfterMs: number, now: Date): NonNullable<HealthReport["worker"]> {
  const lastTickAt = heartbeat?.lastTickAt?.toISOString() ?? null;
  if (!heartbeat?.running) return { state: "stopped", lastTickAt, staleAfterMs };
  // Before its first pass completes, a worker that just started is judged from its start.
  const since = heartbeat.lastTickAt ?? heartbeat.startedAt ?? now;
  return { state: now.getTime() - since.getTime() > staleAfterMs ? "stale" : "ticking", lastTickAt, staleAfterMs };
}
