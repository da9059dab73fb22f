import { sessionRoute } from "@/lib/api";
import { deliveryStats } from "@/lib/delivery/logs/queries";
import { parseEventLogFilters } from "@/lib/delivery/logs/schemas";

/** The chart above the Event logs: outcomes per time bucket and success rate per connector. */
export const GET = sessionRoute("event-logs.read", async (ctx, request) =>
  deliveryStats(ctx.db, parseEventLogFilters(new URL(request.url).searchParams)),
);
