import { z } from "zod";
import type { DeliveryStatus } from "@/db/schema";
import { eventTypeIds } from "@/lib/events/types";

export const deliveryStatuses = ["succeeded", "retrying", "failed", "pending"] as const satisfies readonly DeliveryStatus[];
export const statusLabels: Record<DeliveryStatus, string> = {
  succeeded: "Succeeded",
  retrying: "Retrying",
  failed: "Failed",
  pending: "Pending",
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const rangePresets = [
  { id: "1h", label: "Last hour", ms: HOUR },
  { id: "24h", label: "Last 24 hours", ms: DAY },
  { id: "7d", label: "Last 7 days", ms: 7 * DAY },
  { id: "30d", label: "Last 30 days", ms: 30 * DAY },
] as const;
type RangePreset = (typeof rangePresets)[number]["id"];
const DEFAULT_RANGE: RangePreset = "24h";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

/** "a,b" and repeated keys both work; unknown values are dropped, not fatal: anyone can edit a URL. */
function multi<T extends string>(allowed: readonly T[]) {
  const known = new Set<string>(allowed);
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined)
    .transform((value) => {
      const items = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(","));
      return [...new Set(items.map((v) => v.trim()).filter((v): v is T => known.has(v)))];
    });
}

const lenient = <S extends z.ZodType>(schema: S) => schema.optional().catch(undefined);

/** A UTC wall-clock time ("2025-06-01T10:00", as a datetime-local input gives it) or a full ISO-8601 instant. */
const instant = z.iso
  .datetime({ local: true, offset: true })
  .transform((v) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() < 10_000);

/** The Event logs' URL search params, shared by the page, its API routes and the CSV export. */
const eventLogFiltersSchema = z.object({
  status: multi(deliveryStatuses),
  event: multi(eventTypeIds),
  connector: lenient(z.uuid()),
  program: lenient(z.uuid()),
  range: z.enum(["1h", "24h", "7d", "30d", "custom"] satisfies (RangePreset | "custom")[]).catch(DEFAULT_RANGE),
  from: lenient(instant),
  to: lenient(instant),
  q: lenient(z.string().trim().min(1).max(200)),
});
export type EventLogFilters = z.output<typeof eventLogFiltersSchema>;

function toRecord(params: Params): Record<string, string | string[] | undefined> {
  if (!(params instanceof URLSearchParams)) return params;
  const record: Record<string, string[]> = {};
  for (const [key, value] of params) (record[key] ??= []).push(value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

const single = ["connector", "program", "range", "from", "to", "q"] as const;

export function parseEventLogFilters(params: Params): EventLogFilters {
  const record = toRecord(params);
  // Only the list filters may repeat; for the rest the first value wins.
  for (const key of single) {
    const value = record[key];
    if (Array.isArray(value)) record[key] = value[0];
  }
  // From/To without a range mean a custom one (a hand-written URL).
  if (!record.range && (record.from || record.to)) record.range = "custom";
  return eventLogFiltersSchema.parse(record);
}

/** "2025-06-01T10:00": how custom range bounds appear in the URL and in the From/To inputs (UTC). */
export function toUtcMinute(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The URL form of the filters, leaving defaults out so a clean view has a clean URL. */
export function eventLogSearchParams(filters: EventLogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length) params.set("status", filters.status.join(","));
  if (filters.event.length) params.set("event", filters.event.join(","));
  if (filters.connector) params.set("connector", filters.connector);
  if (filters.program) params.set("program", filters.program);
  if (filters.range !== DEFAULT_RANGE) params.set("range", filters.range);
  if (filters.range === "custom") {
    if (filters.from) params.set("from", toUtcMinute(filters.from));
    if (filters.to) params.set("to", toUtcMinute(filters.to));
  }
  if (filters.q) params.set("q", filters.q);
  return params;
}

export function hasActiveFilters(filters: EventLogFilters): boolean {
  return eventLogSearchParams(filters).size > 0;
}

export type BucketUnit = "hour" | "day" | "week";
export type ResolvedRange = {
  from: Date;
  to: Date;
  /** Presets and a custom range without an end follow the clock: the list shows rows newer than `to`. */
  openEnded: boolean;
  unit: BucketUnit;
};

/** The instants a range covers now, and the chart's bucket size: hours up to two days, days up to three months. */
export function resolveRange(filters: Pick<EventLogFilters, "range" | "from" | "to">, now = new Date()): ResolvedRange {
  let from: Date;
  let to: Date;
  let openEnded: boolean;
  if (filters.range === "custom") {
    to = filters.to ?? now;
    openEnded = !filters.to;
    // Always bounded below: the chart and its counts must never scan the whole table.
    from = filters.from ?? new Date(to.getTime() - 30 * DAY);
    if (from > to) [from, to] = [to, from];
  } else {
    const preset = rangePresets.find((p) => p.id === filters.range) ?? rangePresets[1];
    to = now;
    from = new Date(now.getTime() - preset.ms);
    openEnded = true;
  }
  const span = to.getTime() - from.getTime();
  const unit: BucketUnit = span <= 2 * DAY ? "hour" : span <= 92 * DAY ? "day" : "week";
  return { from, to, openEnded, unit };
}

export const unitMs: Record<BucketUnit, number> = { hour: HOUR, day: DAY, week: 7 * DAY };

/** The start of the UTC bucket holding `date`, as Postgres' date_trunc computes it (weeks start on Monday). */
export function bucketStart(date: Date, unit: BucketUnit): Date {
  const d = new Date(date);
  d.setUTCMinutes(0, 0, 0);
  if (unit === "hour") return d;
  d.setUTCHours(0);
  if (unit === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}
