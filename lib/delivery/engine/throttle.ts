import { sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { executePrepared } from "@/db/client";
import { rowsOf } from "@/db/sql";

/*
 * A connector's requests-per-second limit, shared by every process and engine: GCRA (the generic
 * cell rate algorithm) over one row per connector in connector_throttles. Each send is 1/rate
 * seconds of "theoretical arrival time"; a burst of up to `rate` requests may go at once, after that
 * sends are spaced 1/rate apart. Reserving is one upsert under the row's lock, so two workers (or a
 * worker and a replay) can never spend the same slot.
 */

/**
 * Reserves `count` sends for the connector and returns, for each, how long (ms) to wait before
 * sending. A missing or zero rate means no limit (all zeros, no query).
 */
export async function reserveSendSlots(db: Queryable, connectorId: string, ratePerSecond: number | null, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (!ratePerSecond || ratePerSecond <= 0) return Array<number>(count).fill(0);
  const intervalMs = 1000 / ratePerSecond;
  // Burst tolerance: `rate` sends may start together.
  const toleranceMs = (ratePerSecond - 1) * intervalMs;
  const [row] = rowsOf<{ tat: number; now: number }>(
    await executePrepared(db, "hub_throttle", sql`
      insert into connector_throttles as t (connector_id, theoretical_arrival_at)
      values (${connectorId}, clock_timestamp() + ${count * intervalMs} * interval '1 millisecond')
      on conflict (connector_id) do update
        set theoretical_arrival_at = greatest(t.theoretical_arrival_at, clock_timestamp()) + ${count * intervalMs} * interval '1 millisecond'
      returning extract(epoch from t.theoretical_arrival_at) * 1000 as tat, extract(epoch from clock_timestamp()) * 1000 as now
    `),
  );
  const tat = Number(row!.tat);
  const now = Number(row!.now);
  // The reservation started where the previous one ended (or now): the i-th send is due at base + i/rate.
  const base = tat - count * intervalMs;
  return Array.from({ length: count }, (_, i) => Math.max(0, Math.ceil(base + i * intervalMs - toleranceMs - now)));
}
