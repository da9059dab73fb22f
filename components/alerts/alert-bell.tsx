"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, Loader2 } from "lucide-react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { markAlertsReadAction } from "@/lib/alerts/actions";
import type { AlertItem } from "@/lib/alerts/queries";
import { exactTime, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { alertKindStyle, destinationOutcome } from "./connector-alert-banner";

const ALERTS_INTERVAL_MS = 15_000;
const alertsKey = ["alerts"] as const;

/** An AlertItem as /api/alerts sends it: dates as ISO strings. */
type AlertJson = Omit<AlertItem, "createdAt" | "destination"> & {
  createdAt: string;
  destination: (Omit<NonNullable<AlertItem["destination"]>, "sentAt"> & { sentAt: string | null }) | null;
};
type AlertListJson = { unread: number; alerts: AlertJson[] };

async function fetchAlerts(signal?: AbortSignal): Promise<AlertListJson> {
  const response = await fetch("/api/alerts", { signal, headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (response.status === 401) throw new Error("Your session has ended. Reload the page to sign in again.");
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body as AlertListJson;
}

function AlertRow({ alert, unread, now }: { alert: AlertJson; unread: boolean; now: number }) {
  const style = alertKindStyle[alert.kind];
  const Icon = style.icon;
  return (
    <li className="flex gap-2.5 px-3 py-2.5" data-testid={`alert-${alert.id}`}>
      <Icon className={cn("mt-0.5 size-4 shrink-0", style.text)} aria-label={style.label} />
      <div className="min-w-0 flex-1 space-y-0.5">
        <p className="text-sm leading-snug break-words">
          {unread ? (
            <>
              <span className="mr-1.5 inline-block size-2 rounded-full bg-primary align-middle" aria-hidden />
              <span className="sr-only">Unread: </span>
            </>
          ) : null}
          {alert.message}
        </p>
        <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
          <time dateTime={alert.createdAt} title={exactTime(alert.createdAt)}>
            {relativeTime(alert.createdAt, now)}
          </time>
          <span aria-hidden>·</span>
          {alert.connector.deleted ? (
            <span>{alert.connector.name} (deleted)</span>
          ) : (
            <Link href={`/integrations/connectors/${alert.connector.id}`} className="underline-offset-2 hover:underline focus-visible:underline">
              {alert.connector.name}
            </Link>
          )}
        </p>
        {alert.destination ? (
          <p
            className={cn(
              "text-xs",
              alert.destination.sentAt && alert.destination.error ? "text-destructive" : "text-muted-foreground",
            )}
          >
            {destinationOutcome(alert.destination)}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** The sidebar's bell: alerts about connectors in trouble, with the count the user has not seen yet. */
export function AlertBell() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: alertsKey,
    queryFn: ({ signal }) => fetchAlerts(signal),
    refetchInterval: ALERTS_INTERVAL_MS,
  });
  const [open, setOpen] = useState(false);
  // The alerts that were unread when the popover opened keep their dot until it closes.
  const [openedUnread, setOpenedUnread] = useState<ReadonlySet<string>>(new Set());
  const [now, setNow] = useState(0);

  const unread = query.data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setOpenedUnread(new Set());
      return;
    }
    setNow(Date.now());
    const data = query.data;
    if (!data || data.unread === 0) return;
    setOpenedUnread(new Set(data.alerts.filter((a) => a.unread).map((a) => a.id)));
    void markAlertsReadAction().then(() => queryClient.invalidateQueries({ queryKey: alertsKey }));
  }

  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label={label}
          // Usable once the first answer is in; before that it is visibly disabled.
          disabled={query.isPending}
          className={cn(
            "relative inline-flex size-8 shrink-0 items-center justify-center rounded-md text-sidebar-foreground outline-none transition-colors",
            "hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
            "disabled:pointer-events-none disabled:opacity-50",
          )}
        >
          <Bell className="size-4" aria-hidden />
          {unread > 0 ? (
            <span
              aria-hidden
              data-testid="alert-bell-count"
              className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </button>
      </PopoverTrigger>
      <PopoverContent side="bottom" align="start" className="w-96 p-0" aria-label="Notifications">
        <div className="flex items-center justify-between border-b px-3 py-2">
          <h2 className="text-sm font-semibold">Alerts</h2>
          {query.isFetching ? <Loader2 className="size-3.5 animate-spin text-muted-foreground" aria-label="Refreshing" /> : null}
        </div>
        {query.error && !query.data ? (
          <p role="alert" className="px-3 py-6 text-center text-sm text-destructive">
            {query.error.message}
          </p>
        ) : !query.data || query.data.alerts.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-muted-foreground">No alerts yet.</p>
        ) : (
          <ul className="max-h-[28rem] divide-y overflow-y-auto" aria-label="Alerts">
            {query.data.alerts.map((alert) => (
              <AlertRow key={alert.id} alert={alert} unread={alert.unread || openedUnread.has(alert.id)} now={now || Date.parse(alert.createdAt)} />
            ))}
          </ul>
        )}
        <p className="border-t px-3 py-2 text-xs text-muted-foreground">
          The latest 20 alerts; every alert is also in the audit log.
        </p>
      </PopoverContent>
    </Popover>
  );
}
