import { createLoader, createMultiParser, createParser, createSerializer, type inferParserType } from "nuqs/server";
import { z } from "zod";
import type { DeliveryStatus } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
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

const fields = eventLogFiltersSchema.shape;

/** A nuqs parser over one zod field: zod stays the validator, nuqs reads and writes the URL with it. */
function fromZod<T>(schema: z.ZodType<T | undefined, unknown>, serialize: (value: T) => string) {
  return createParser<T>({ parse: (value) => schema.parse(value) ?? null, serialize });
}

/** A list filter: read from every occurrence of the key, written once with commas. */
function listOf<T extends string>(schema: z.ZodType<T[], unknown>) {
  return createMultiParser<T[]>({
    parse: (values) => schema.parse([...values]),
    serialize: (list) => [list.join(",")],
    eq: (a, b) => a.length === b.length && a.every((v, i) => v === b[i]),
  }).withDefault([]);
}

/**
 * The Event logs' URL, as nuqs parsers: the page and the API routes load it on the server
 * (parseEventLogFilters), the filter bar reads and writes it on the client (useQueryStates).
 * Only the list filters may repeat; for the rest the first value wins.
 */
export const eventLogParsers = {
  status: listOf(fields.status),
  event: listOf(fields.event),
  connector: fromZod(fields.connector, String),
  program: fromZod(fields.program, String),
  // No default here: a URL without a range but with From/To means a custom one (see filtersFromUrl).
  range: fromZod<EventLogFilters["range"]>(fields.range, String),
  from: fromZod(fields.from, toUtcMinute),
  to: fromZod(fields.to, toUtcMinute),
  q: fromZod(fields.q, String),
};
type EventLogUrl = inferParserType<typeof eventLogParsers>;

/** The filters a URL's values stand for. */
export function filtersFromUrl(url: EventLogUrl): EventLogFilters {
  return {
    status: url.status,
    event: url.event,
    connector: url.connector ?? undefined,
    program: url.program ?? undefined,
    range: url.range ?? (url.from || url.to ? "custom" : DEFAULT_RANGE),
    from: url.from ?? undefined,
    to: url.to ?? undefined,
    q: url.q ?? undefined,
  };
}

/** The URL values of the filters, leaving defaults out so a clean view has a clean URL. */
export function filtersToUrl(filters: EventLogFilters): EventLogUrl {
  const custom = filters.range === "custom";
  return {
    status: filters.status,
    event: filters.event,
    connector: filters.connector ?? null,
    program: filters.program ?? null,
    range: filters.range === DEFAULT_RANGE ? null : filters.range,
    from: (custom && filters.from) || null,
    to: (custom && filters.to) || null,
    q: filters.q ?? null,
  };
}

const loadEventLogUrl = createLoader(eventLogParsers);
const serializeEventLogUrl = createSerializer(eventLogParsers);

/** The page's filters: a bad value falls back, and a reversed custom range is shown (with rangeError) as it is. */
export function parseEventLogFilters(params: Params): EventLogFilters {
  return filtersFromUrl(loadEventLogUrl(params));
}

/** Why a custom range cannot be applied, on the To field: a To at or before From covers nothing. */
export function rangeError(filters: Pick<EventLogFilters, "range" | "from" | "to">): string | undefined {
  const { range, from, to } = filters;
  return range === "custom" && from && to && from >= to ? "To must be after From." : undefined;
}

/**
 * The API routes' filters: as the page's, but a reversed custom range is a 400 naming `to` rather
 * than an empty answer a script could take for "no deliveries".
 */
export function parseEventLogQuery(params: URLSearchParams): EventLogFilters {
  const filters = parseEventLogFilters(params);
  const error = rangeError(filters);
  if (error) throw new ValidationError(error, { to: [error] });
  return filters;
}

/** "2025-06-01T10:00": how custom range bounds appear in the URL and in the From/To inputs (UTC). */
export function toUtcMinute(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The URL form of the filters (the API routes and the CSV export take the same query string). */
export function eventLogSearchParams(filters: EventLogFilters): URLSearchParams {
  return new URLSearchParams(serializeEventLogUrl(filtersToUrl(filters)));
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
    // Reversed bounds are not put in order: they cover nothing, and the filter bar says why (rangeError).
    from = filters.from ?? new Date(to.getTime() - 30 * DAY);
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
