import type { Metadata } from "next";
import { Download } from "lucide-react";
import { EventLogs } from "@/components/event-logs/event-logs";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { deliveryStats, hasAnyConnector, listDeliveries, listLogFilterOptions } from "@/lib/delivery/logs/queries";
import { eventLogSearchParams, parseEventLogFilters } from "@/lib/delivery/logs/schemas";

export const metadata: Metadata = { title: "Event logs" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventLogsPage({ searchParams }: Props) {
  const ctx = await requirePermission("event-logs.read");
  const filters = parseEventLogFilters(await searchParams);
  const query = eventLogSearchParams(filters).toString();
  const now = new Date();
  const [page, stats, options, hasConnectors] = await Promise.all([
    listDeliveries(ctx.db, ctx.actor.role, filters, {}, now),
    deliveryStats(ctx.db, filters, now),
    listLogFilterOptions(ctx.db),
    hasAnyConnector(ctx.db),
  ]);
  return (
    <>
      <PageHeader
        title="Event logs"
        description="Every delivery of every event to every connector: what was sent, what came back, and when it is tried again."
        actions={
          <a href={query ? `/api/event-logs/export?${query}` : "/api/event-logs/export"} className={buttonVariants({ variant: "outline" })} download>
            <Download aria-hidden /> Export CSV
          </a>
        }
      />
      <EventLogs
        query={query}
        initialPage={page}
        initialStats={stats}
        options={options}
        hasConnectors={hasConnectors}
        serverNow={now.getTime()}
      />
    </>
  );
}
