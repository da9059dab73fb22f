"use client";

import { useState, useTransition } from "react";
import type { DeliveryLogPage, DeliveryStats, LogFilterOptions } from "@/lib/delivery/logs/queries";
import { hasActiveFilters, rangePresets, type EventLogFilters as Filters } from "@/lib/delivery/logs/schemas";
import { cn } from "@/lib/utils";
import { DeliveryList } from "./delivery-list";
import { DeliveryStatsPanel } from "./delivery-stats";
import { EventLogFilters } from "./event-log-filters";
import { shortTime } from "@/lib/format";
import { useEventLogFilters } from "./use-event-log-filters";

type Props = {
  /** The filters as the URL's query string, normalised by the server. */
  query: string;
  initialPage: DeliveryLogPage;
  initialStats: DeliveryStats;
  options: LogFilterOptions;
  hasConnectors: boolean;
  serverNow: number;
};

function rangeLabel(filters: Filters, stats: DeliveryStats) {
  const preset = rangePresets.find((p) => p.id === filters.range);
  return preset ? preset.label : `${shortTime(stats.from)} – ${shortTime(stats.to)}`;
}

/**
 * Testing → Event logs on the client. The URL holds the filters (useEventLogFilters); the server
 * re-renders with them and hands over fresh first data. Pausing stops both the rows' and the chart's refresh.
 */
export function EventLogs({ query, initialPage, initialStats, options, hasConnectors, serverNow }: Props) {
  const [navigating, startTransition] = useTransition();
  const [paused, setPaused] = useState(false);
  const [filters, setFilters] = useEventLogFilters(startTransition);
  const onClear = () => setFilters(null);
  const label = rangeLabel(filters, initialStats);

  return (
    <>
      <EventLogFilters options={options} startTransition={startTransition} />
      <div className={cn("transition-opacity", navigating && "opacity-60")} aria-busy={navigating}>
        <DeliveryStatsPanel query={query} initial={initialStats} paused={paused} rangeLabel={label} />
        <DeliveryList
          key={query}
          query={query}
          initial={initialPage}
          serverNow={serverNow}
          paused={paused}
          onTogglePause={() => setPaused((p) => !p)}
          hasConnectors={hasConnectors}
          filtersActive={hasActiveFilters(filters)}
          rangeLabel={label}
          onClear={onClear}
          onShowMonth={filters.range === "30d" ? undefined : () => setFilters({ range: "30d", from: undefined, to: undefined })}
        />
      </div>
    </>
  );
}
