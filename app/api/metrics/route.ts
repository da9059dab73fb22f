import { jsonError } from "@/lib/api";
import { currentActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { scrapeAccess, scrapeMetrics } from "@/lib/observability/scrape";

export const dynamic = "force-dynamic";

/** Prometheus metrics: `Authorization: Bearer <METRICS_TOKEN>`, or an admin's session. */
export async function GET(request: Request) {
  const access = await scrapeAccess(request, env().monitoring.metricsToken, currentActor);
  if (access === "unauthenticated") {
    return jsonError(401, "unauthenticated", "Send Authorization: Bearer <METRICS_TOKEN>, or sign in as an admin.");
  }
  if (access === "forbidden") return jsonError(403, "forbidden", "Only admins can read the metrics.");
  const { contentType, body } = await scrapeMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
