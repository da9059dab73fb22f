import { sessionRoute } from "@/lib/api";
import { listConnectors } from "@/lib/connectors/queries";

export const GET = sessionRoute("connectors.read", async (ctx) => ({ connectors: await listConnectors(ctx.db) }));
