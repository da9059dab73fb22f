"use client";

import { useCallback, useMemo, type TransitionStartFunction } from "react";
import { useQueryStates } from "nuqs";
import { eventLogParsers, filtersFromUrl, filtersToUrl, type EventLogFilters } from "@/lib/delivery/logs/schemas";

/**
 * The Event logs' filters, held in the URL so a view can be shared and reloaded. A change replaces
 * the history entry (Back leaves the page rather than undoing each filter) and re-renders the
 * server page, which hands over fresh first data; `startTransition` lets the caller dim the old.
 * `null` clears every filter.
 */
export function useEventLogFilters(startTransition?: TransitionStartFunction) {
  const [url, setUrl] = useQueryStates(eventLogParsers, { shallow: false, history: "replace", scroll: false, startTransition });
  const filters = useMemo(() => filtersFromUrl(url), [url]);
  const setFilters = useCallback(
    (patch: Partial<EventLogFilters> | null) => void setUrl(patch ? filtersToUrl({ ...filters, ...patch }) : null),
    [filters, setUrl],
  );
  return [filters, setFilters] as const;
}
