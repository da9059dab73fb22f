import { z } from "zod";
import { sessionRoute } from "@/lib/api";
import { ValidationError } from "@/lib/errors";
import { listInboxRequests } from "@/lib/test-inbox/queries";

const paramsSchema = z.object({ id: z.uuid() });

/** One page of an inbox's captured requests, for the Inbox screen's live refresh. */
export const GET = sessionRoute("event-logs.read", async (ctx, request, params: { id: string }) => {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new ValidationError("Unknown inbox.");
  const before = Number(new URL(request.url).searchParams.get("before")) || null;
  return listInboxRequests(ctx.db, ctx.actor.role, parsed.data.id, { before });
});
