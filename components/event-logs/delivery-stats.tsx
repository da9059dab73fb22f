"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { DeliveryStats, StatsBucket } from "@/lib/delivery/logs/queries";
import type { EventLogsView } from "@/lib/delivery/logs/view";
import { cn } from "@/lib/utils";
import { fetchStats, STATS_INTERVAL_MS } from "./fetch";
import { formatCount, formatPercent, shortTime } from "@/lib/format";

const outcomes = [
  { key: "succeeded", label: "Succeeded", color: "bg-success" },
  { key: "failed", label: "Failed", color: "bg-destructive" },
  { key: "inProgress", label: "Pending or retrying", color: "bg-warning" },
] as const;

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function bucketLabel(start: string, unit: DeliveryStats["unit"]) {
  if (unit === "hour") return shortTime(start);
  const day = dayFormat.format(new Date(start));
  return unit === "week" ? `Week of ${day}` : day;
}

function describe(b: Pick<StatsBucket, "succeeded" | "failed" | "inProgress">) {
  return outcomes.map((o) => `${formatCount(b[o.key])} ${o.label.toLowerCase()}`).join(", ");
}

/** Stacked bars, one per bucket, scaled to the busiest bucket. Plain CSS: no chart library needed. */
function Chart({ stats, rangeLabel }: { stats: DeliveryStats; rangeLabel: string }) {
  const max = Math.max(1, ...stats.buckets.map((b) => b.succeeded + b.failed + b.inProgress));
  const first = stats.buckets[0];
  const last = stats.buckets.at(-1);
  return (
    <figure>
      <div
        role="img"
        aria-label={`Deliveries, ${rangeLabel.toLowerCase()}: ${describe(stats.totals)}`}
        className="flex h-24 items-end gap-px border-b"
      >
        {stats.buckets.map((b) => {
          const total = b.succeeded + b.failed + b.inProgress;
          return (
            <div
              key={b.start}
              title={`${bucketLabel(b.start, stats.unit)}: ${describe(b)}`}
              className="flex h-full min-w-0 flex-1 flex-col justify-end hover:bg-muted/60"
            >
              {total > 0 ? (
                <div className="flex min-h-0.5 flex-col-reverse overflow-hidden rounded-t-sm" style={{ height: `${(total / max) * 100}%` }}>
                  {outcomes.map((o) => (b[o.key] > 0 ? <div key={o.key} className={o.color} style={{ flexGrow: b[o.key], minHeight: 1 }} /> : null))}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
      {first && last ? (
        <figcaption className="mt-1 flex justify-between text-xs text-muted-foreground">
          <span>{bucketLabel(first.start, stats.unit)}</span>
          <span>{bucketLabel(last.start, stats.unit)}</span>
        </figcaption>
      ) : null}
    </figure>
  );
}

function ConnectorRates({ stats }: { stats: DeliveryStats }) {
  // Worst first: the list answers "is anything failing?".
  const rates = [...stats.connectors].sort((a, b) => (a.successRate ?? 2) - (b.successRate ?? 2) || a.name.localeCompare(b.name));
  if (rates.length === 0) return <p className="text-sm text-muted-foreground">No deliveries in this range.</p>;
  return (
    <ul data-testid="connector-rates" className="grid gap-2">
      {rates.map((c) => (
        <li key={c.connectorId} className="grid gap-1" title={describe(c)}>
          <div className="flex items-baseline justify-between gap-2 text-sm">
            <span className="truncate">
              {c.name}
              {c.deleted ? <span className="text-muted-foreground"> (deleted)</span> : null}
            </span>
            <span
              className={cn(
                "shrink-0 font-medium tabular-nums",
                c.successRate !== null && c.successRate < 0.95 && "text-destructive",
              )}
            >
              {c.successRate === null ? "—" : formatPercent(c.successRate)}
            </span>
          </div>
          <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden>
            <div className="h-full bg-success" style={{ width: `${(c.successRate ?? 0) * 100}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

type Props = { view: Pick<EventLogsView, "query" | "stats">; paused: boolean; rangeLabel: string };

/** Above the list: outcomes over the range and each connector's success rate, refreshed less often than the rows. */
export function DeliveryStatsPanel({ view: { query, stats: initial }, paused, rangeLabel }: Props) {
  const { data: stats } = useQuery({
    queryKey: ["event-logs", "stats", query],
    queryFn: ({ signal }) => fetchStats(query, signal),
    initialData: initial,
    placeholderData: keepPreviousData,
    refetchInterval: paused ? false : STATS_INTERVAL_MS,
  });
  const total = stats.totals.succeeded + stats.totals.failed + stats.totals.inProgress;
  return (
    <section aria-label="Delivery summary" className="mb-4 grid gap-4 md:grid-cols-[minmax(0,1fr)_18rem]">
      <Card className="gap-3">
        <CardHeader>
          <CardTitle className="text-sm">
            {formatCount(total)} {total === 1 ? "delivery" : "deliveries"} · {rangeLabel}
          </CardTitle>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
            {outcomes.map((o) => (
              <li key={o.key} className="flex items-center gap-1.5">
                <span className={cn("size-2 rounded-full", o.color)} aria-hidden />
                {o.label} <span className="font-medium text-foreground tabular-nums">{formatCount(stats.totals[o.key])}</span>
              </li>
            ))}
          </ul>
        </CardHeader>
        <CardContent>
          <Chart stats={stats} rangeLabel={rangeLabel} />
        </CardContent>
      </Card>
      <Card className="gap-3">
        <CardHeader>
          <CardTitle className="text-sm">Success rate by connector</CardTitle>
        </CardHeader>
        <CardContent className="max-h-40 overflow-y-auto">
          <ConnectorRates stats={stats} />
        </CardContent>
      </Card>
    </section>
  );
}
