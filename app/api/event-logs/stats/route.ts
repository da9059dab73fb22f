import { sessionRoute } from "@/lib/api";
import { deliveryStats } from "@/lib/delivery/logs/queries";
import { parseEventLogQuery } from "@/lib/delivery/logs/schemas";

/** The chart above the Event logs: outcomes per time bucket and success rate per connector. */
export const GET = sessionRoute("event-logs.read", async (ctx, request) =>
  deliveryStats(ctx.db, parseEventLogQuery(new URL(request.url).searchParams)),
);
