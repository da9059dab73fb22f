import { sessionRoute } from "@/lib/api";
import { listDeliveries } from "@/lib/delivery/logs/queries";
import { parseEventLogQuery } from "@/lib/delivery/logs/schemas";

/** One page of the Event logs for the screen's live refresh and "Load older" (`before` or `through` a cursor). */
export const GET = sessionRoute("event-logs.read", async (ctx, request) => {
  const params = new URL(request.url).searchParams;
  return listDeliveries(ctx.db, ctx.actor.role, parseEventLogQuery(params), { before: params.get("before"), through: params.get("through") });
});
