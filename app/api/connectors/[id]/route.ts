import { sessionRoute } from "@/lib/api";
import { getConnectorView } from "@/lib/connectors/queries";
import { NotFoundError } from "@/lib/errors";

/** One connector as the caller's role may see it: never a secret or auth header value. */
export const GET = sessionRoute<{ id: string }>("connectors.read", async (ctx, _request, { id }) => {
  const connector = await getConnectorView(ctx.db, id, ctx.actor.role);
  if (!connector) throw new NotFoundError("Connector");
  return { connector };
});
