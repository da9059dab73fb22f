"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Inbox, Loader2, Pause, Play, Plug, SearchX, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DataTable } from "@/components/ui/data-table";
import type { DeliveryLogPage, DeliveryLogRow } from "@/lib/delivery/logs/queries";
import type { EventLogsView } from "@/lib/delivery/logs/view";
import { cn } from "@/lib/utils";
import { fetchPage, LIVE_INTERVAL_MS } from "./fetch";
import { deliveryHref, deliveryTableColumns } from "./columns";

/** The clock for relative times: starts at the server's render time (same HTML both sides), then ticks. */
function useNow(serverNow: number, everyMs = 10_000) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function DeliveriesTable({ rows, now }: { rows: DeliveryLogRow[]; now: number }) {
  const router = useRouter();
  const columns = useMemo(() => deliveryTableColumns(now), [now]);
  return (
    <DataTable
      aria-label="Deliveries"
      columns={columns}
      data={rows}
      rowProps={(row) => ({
        "data-testid": `delivery-row-${row.id}`,
        className: "cursor-pointer",
        // The Event link is the keyboard path; a click anywhere else on the row goes to the same place.
        onClick: (e) => {
          if ((e.target as HTMLElement).closest("a, button") || window.getSelection()?.toString()) return;
          router.push(deliveryHref(row.id));
        },
      })}
    />
  );
}

type Props = {
  view: Pick<EventLogsView, "query" | "page" | "serverNow" | "hasConnectors">;
  paused: boolean;
  onTogglePause(): void;
  filtersActive: boolean;
  rangeLabel: string;
  onClear(): void;
  onShowMonth?: () => void;
};

/**
 * The rows. The head (newest page) refetches every few seconds; "Load older" appends pages fetched
 * by keyset cursor, which never change once loaded. From then on the head is fetched *through* the
 * first older page's cursor, so rows arriving on top cannot open a gap between the two.
 */
export function DeliveryList({ view, paused, onTogglePause, filtersActive, rangeLabel, onClear, onShowMonth }: Props) {
  const { query, page: initial, serverNow, hasConnectors } = view;
  const now = useNow(serverNow);
  const [older, setOlder] = useState<{ anchor: string; pages: DeliveryLogPage[] } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const anchor = older?.anchor ?? null;
  const head = useQuery({
    queryKey: ["event-logs", "rows", query, anchor],
    queryFn: ({ signal }) => fetchPage(query, anchor ? { through: anchor } : {}, signal),
    initialData: anchor ? undefined : initial,
    placeholderData: keepPreviousData,
    refetchInterval: paused ? false : LIVE_INTERVAL_MS,
  });
  const headPage = head.data ?? initial;
  const nextCursor = older ? (older.pages.at(-1)?.nextCursor ?? null) : headPage.nextCursor;

  const seen = new Set<string>();
  const rows = [headPage, ...(older?.pages ?? [])].flatMap((p) => p.rows).filter((r) => !seen.has(r.id) && !!seen.add(r.id));

  async function loadOlder() {
    if (!nextCursor) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await fetchPage(query, { before: nextCursor });
      setOlder((current) => ({ anchor: current?.anchor ?? nextCursor, pages: [...(current?.pages ?? []), page] }));
    } catch (error) {
      setOlderError(error instanceof Error ? error.message : "Could not load older deliveries.");
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <section aria-label="Delivery log">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p role="status" className="flex items-center gap-2 text-xs text-muted-foreground">
          <span className={cn("size-2 rounded-full", paused ? "bg-muted-foreground/40" : "animate-pulse bg-success")} aria-hidden />
          {paused ? "Live updates paused" : `Live: refreshes every ${LIVE_INTERVAL_MS / 1000} s`}
          {head.isFetching && !paused ? <Loader2 className="size-3 animate-spin" aria-hidden /> : null}
        </p>
        <div className="flex items-center gap-2">
          {/* In the empty state "Clear filters" says the same, bigger. */}
          {filtersActive && rows.length > 0 ? (
            <Button variant="ghost" size="sm" onClick={onClear}>
              <X aria-hidden /> Reset filters
            </Button>
          ) : null}
          <Button variant="outline" size="sm" onClick={onTogglePause} aria-pressed={paused}>
            {paused ? <Play aria-hidden /> : <Pause aria-hidden />}
            {paused ? "Resume live updates" : "Pause live updates"}
          </Button>
        </div>
      </div>
      {head.isError ? (
        <p role="alert" className="mb-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          Live update failed: {head.error.message} Showing the last rows received.
        </p>
      ) : null}
      {headPage.truncated ? (
        <p role="alert" className="mb-2 flex items-center justify-between gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm">
          More deliveries arrived than fit above the older pages.
          <Button size="sm" variant="outline" onClick={() => setOlder(null)}>
            Show newest
          </Button>
        </p>
      ) : null}

      {rows.length === 0 ? (
        !hasConnectors ? (
          <EmptyState
            icon={<Plug />}
            title="No connectors yet"
            description="Deliveries appear here once a connector receives events. Set one up and point it at your tool's webhook URL."
            link={{ href: "/integrations/connectors", label: "Set up an integration" }}
          />
        ) : filtersActive ? (
          <EmptyState
            icon={<SearchX />}
            title="No deliveries match these filters"
            description="Try a wider time range, another status, or clear the filters."
            action={<Button onClick={onClear}>Clear filters</Button>}
          />
        ) : (
          <EmptyState
            icon={<Inbox />}
            title={`No deliveries · ${rangeLabel.toLowerCase()}`}
            description="Events pushed to your connectors show up here within seconds. Send a test event from a connector's page to see one."
            action={onShowMonth ? <Button variant="outline" onClick={onShowMonth}>Show the last 30 days</Button> : undefined}
          />
        )
      ) : (
        <>
          <DeliveriesTable rows={rows} now={now} />
          <div className="mt-3 flex items-center justify-between gap-2 text-xs text-muted-foreground">
            <span>
              {rows.length} {rows.length === 1 ? "delivery" : "deliveries"} shown
              {nextCursor ? "" : " · end of the log for this range"}
            </span>
            {olderError ? <span className="text-destructive">{olderError}</span> : null}
            {nextCursor ? (
              <Button variant="outline" size="sm" onClick={() => void loadOlder()} disabled={loadingOlder}>
                {loadingOlder ? <Loader2 className="animate-spin" aria-hidden /> : null}
                Load older
              </Button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
