import { inArray, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { events } from "@/db/schema";
import { pruneSkipCounts } from "@/lib/push-rules/skips";
import { deleteExpiredInboxRequests } from "@/lib/test-inbox/service";

const DAY_MS = 86_400_000;

/**
 * Deletes events received more than `retentionDays` ago, with their deliveries and attempts
 * (foreign keys cascade). Works in batches so a large backlog never holds one long transaction.
 * Also drops the push rules' hourly skip counters older than two days (only the last 24 hours are
 * shown), and the test inboxes' requests older than the same cutoff: an inbox is a log too.
 * Returns how many events were deleted.
 */
export async function deleteExpiredLogs(db: Db, retentionDays: number, now = new Date(), batchSize = 1000): Promise<number> {
  await pruneSkipCounts(db, now);
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  await deleteExpiredInboxRequests(db, cutoff);
  let total = 0;
  for (;;) {
    const batch = await db
      .select({ id: events.id })
      .from(events)
      .where(lt(events.receivedAt, cutoff))
      .limit(batchSize);
    if (batch.length === 0) return total;
    await db.delete(events).where(inArray(events.id, batch.map((b) => b.id)));
    total += batch.length;
    if (batch.length < batchSize) return total;
  }
}
