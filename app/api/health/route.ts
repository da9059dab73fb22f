import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { localWorker } from "@/lib/delivery/local-driver";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/observability/health";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers, Kubernetes probes and the e2e web server wait: the database, the
 * delivery engine, the local worker's heartbeat and the backlog's age; 503 when this instance
 * cannot do its job. Outside the session gate (proxy.ts): it names no secret, id or host.
 */
export async function GET() {
  const e = env();
  const { status, report } = await checkHealth({
    db: getDb(),
    databaseKind: e.databaseUrl ? "postgres" : "pglite",
    engine: e.delivery.engine,
    worker: localWorker()?.heartbeat,
    workerStaleMs: e.monitoring.workerStaleMs,
  });
  return NextResponse.json(report, { status, headers: { "Cache-Control": "no-store" } });
}
