import { sessionRoute } from "@/lib/api";
import { csvHeader, csvLines } from "@/lib/delivery/logs/csv";
import { iterateDeliveries } from "@/lib/delivery/logs/queries";
import { parseEventLogQuery } from "@/lib/delivery/logs/schemas";
import { requestLog } from "@/lib/log";

/**
 * The filtered view as CSV, streamed: each pull reads the next keyset batch, so memory stays flat
 * however large the export, and a client that goes away stops the reads.
 */
export const GET = sessionRoute("event-logs.read", async (ctx, request) => {
  const now = new Date();
  const batches = iterateDeliveries(ctx.db, ctx.actor.role, parseEventLogQuery(new URL(request.url).searchParams), 1000, now);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvLines(next.value)));
      } catch (error) {
        requestLog("event-logs", request.headers).error({ err: error }, "export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-logs-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
