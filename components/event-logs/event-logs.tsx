"use client";

import { useState, useTransition } from "react";
import type { DeliveryStats } from "@/lib/delivery/logs/queries";
import { hasActiveFilters, rangePresets, type EventLogFilters as Filters } from "@/lib/delivery/logs/schemas";
import { cn } from "@/lib/utils";
import { DeliveryList } from "./delivery-list";
import { DeliveryStatsPanel } from "./delivery-stats";
import { EventLogFilters } from "./event-log-filters";
import type { EventLogsView } from "@/lib/delivery/logs/view";
import { shortTime } from "@/lib/format";
import { useEventLogFilters } from "./use-event-log-filters";

function rangeLabel(filters: Filters, stats: DeliveryStats) {
  const preset = rangePresets.find((p) => p.id === filters.range);
  return preset ? preset.label : `${shortTime(stats.from)} – ${shortTime(stats.to)}`;
}

/**
 * Testing → Event logs on the client. The URL holds the filters (useEventLogFilters); the server
 * re-renders with them and hands over a fresh `view`. Pausing stops both the rows' and the chart's refresh.
 */
export function EventLogs({ view }: { view: EventLogsView }) {
  const [navigating, startTransition] = useTransition();
  const [paused, setPaused] = useState(false);
  const [filters, setFilters] = useEventLogFilters(startTransition);
  const onClear = () => setFilters(null);
  const label = rangeLabel(filters, view.stats);

  return (
    <>
      <EventLogFilters options={view.options} startTransition={startTransition} />
      <div className={cn("transition-opacity", navigating && "opacity-60")} aria-busy={navigating}>
        <DeliveryStatsPanel view={view} paused={paused} rangeLabel={label} />
        <DeliveryList
          key={view.query}
          view={view}
          paused={paused}
          onTogglePause={() => setPaused((p) => !p)}
          filtersActive={hasActiveFilters(filters)}
          rangeLabel={label}
          onClear={onClear}
          onShowMonth={filters.range === "30d" ? undefined : () => setFilters({ range: "30d", from: undefined, to: undefined })}
        />
      </div>
    </>
  );
}
