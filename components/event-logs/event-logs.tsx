"use client";

import { useCallback, useMemo, useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import type { DeliveryLogPage, DeliveryStats, LogFilterOptions } from "@/lib/delivery/logs/queries";
import {
  eventLogSearchParams,
  hasActiveFilters,
  parseEventLogFilters,
  rangePresets,
  type EventLogFilters as Filters,
} from "@/lib/delivery/logs/schemas";
import { cn } from "@/lib/utils";
import { DeliveryList } from "./delivery-list";
import { DeliveryStatsPanel } from "./delivery-stats";
import { EventLogFilters } from "./event-log-filters";
import { shortTime } from "@/lib/format";

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
 * Testing → Event logs on the client. The URL holds the filters (router.replace, so Back leaves the
 * page rather than undoing each filter); the server re-renders with them and hands over fresh first
 * data. Pausing stops both the rows' and the chart's refresh.
 */
export function EventLogs({ query, initialPage, initialStats, options, hasConnectors, serverNow }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [navigating, startTransition] = useTransition();
  const [paused, setPaused] = useState(false);
  const filters = useMemo(() => parseEventLogFilters(new URLSearchParams(query)), [query]);

  const navigate = useCallback(
    (next: Filters) => {
      const qs = eventLogSearchParams(next).toString();
      startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
    [router, pathname],
  );
  const onChange = useCallback((patch: Partial<Filters>) => navigate({ ...filters, ...patch }), [filters, navigate]);
  const onClear = useCallback(() => navigate(parseEventLogFilters({})), [navigate]);
  const label = rangeLabel(filters, initialStats);

  return (
    <>
      <EventLogFilters filters={filters} options={options} onChange={onChange} />
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
          onShowMonth={filters.range === "30d" ? undefined : () => onChange({ range: "30d", from: undefined, to: undefined })}
        />
      </div>
    </>
  );
}
