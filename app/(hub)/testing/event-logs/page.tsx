import type { Metadata } from "next";
import { Download } from "lucide-react";
import { EventLogs } from "@/components/event-logs/event-logs";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { parseEventLogFilters } from "@/lib/delivery/logs/schemas";
import { loadEventLogsView } from "@/lib/delivery/logs/view";

const title = "Event logs";

export const metadata: Metadata = { title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventLogsPage({ searchParams }: Props) {
  const ctx = await requirePermission("event-logs.read");
  const view = await loadEventLogsView(ctx.db, ctx.actor.role, parseEventLogFilters(await searchParams));
  return (
    <>
      <PageHeader
        title={title}
        description="Every delivery of every event to every connector: what was sent, what came back, and when it is tried again."
        actions={
          <a href={view.query ? `/api/event-logs/export?${view.query}` : "/api/event-logs/export"} className={buttonVariants({ variant: "outline" })} download>
            <Download aria-hidden /> Export CSV
          </a>
        }
      />
      <EventLogs view={view} />
    </>
  );
}
