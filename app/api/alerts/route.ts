import { sessionRoute } from "@/lib/api";
import { listAlerts } from "@/lib/alerts/queries";

export const dynamic = "force-dynamic";

/** The bell's list: the latest alerts and how many the signed-in user has not seen yet (dates as ISO strings). */
export const GET = sessionRoute("connectors.read", async (ctx) => listAlerts(ctx.db, { id: ctx.actor.id, role: ctx.actor.role }));
