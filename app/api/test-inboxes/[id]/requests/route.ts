import { z } from "zod";
import { sessionRoute } from "@/lib/api";
import { ValidationError } from "@/lib/errors";
import { listInboxRequests } from "@/lib/test-inbox/queries";
import { inboxRequestsQuerySchema } from "@/lib/test-inbox/schemas";
import { parseInput } from "@/lib/validation";

const paramsSchema = z.object({ id: z.uuid() });

/** An inbox's newest captured requests (`?limit=`, 50 unless asked), for the Inbox screen's live refresh. */
export const GET = sessionRoute("event-logs.read", async (ctx, request, params: { id: string }) => {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new ValidationError("Unknown inbox.");
  const { limit } = parseInput(inboxRequestsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return listInboxRequests(ctx.db, ctx.actor.role, parsed.data.id, { limit });
});
