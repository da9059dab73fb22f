import { NextResponse } from "next/server";
import { checkInstanceHealth } from "@/lib/observability/health";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers, Kubernetes probes and the e2e web server wait: the database, the
 * delivery engine, the local worker's heartbeat and the backlog's age; 503 when this instance
 * cannot do its job. Outside the session gate (proxy.ts): it names no secret, id or host.
 */
export async function GET() {
  const { status, report } = await checkInstanceHealth();
  return NextResponse.json(report, { status, headers: { "Cache-Control": "no-store" } });
}
