import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ColumnDef } from "@/components/ui/data-table";
import { DeliveryStatusBadge } from "@/components/deliveries/status-badge";
import { shownDeliveryColumns, type ShownDeliveryColumnId } from "@/lib/delivery/logs/columns";
import type { DeliveryLogRow } from "@/lib/delivery/logs/queries";
import { exactTime, formatDuration, relativeTime } from "@/lib/format";

export const deliveryHref = (id: string) => `/testing/event-logs/${id}`;

type Cell = Omit<ColumnDef<DeliveryLogRow>, "id" | "header">;

/** How the table draws each shown column; ids, headers and order come from the CSV's column list. */
function cells(now: number): Record<ShownDeliveryColumnId, Cell> {
  return {
    time: {
      className: "text-muted-foreground",
      cell: (row) => (
        <time dateTime={row.createdAt} title={exactTime(row.createdAt)}>
          {relativeTime(row.createdAt, now)}
        </time>
      ),
    },
    event: {
      cell: (row) => (
        <span className="inline-flex items-center gap-1.5">
          <Link href={deliveryHref(row.id)} className="font-medium hover:underline focus-visible:underline">
            {row.eventLabel}
          </Link>
          {row.test ? (
            <Badge variant="outline" title="Sent with Send test event">
              Test
            </Badge>
          ) : null}
        </span>
      ),
    },
    program: {
      className: "max-w-36 min-w-24 whitespace-normal",
      cell: (row) => row.programName ?? <span className="text-muted-foreground">Deleted program</span>,
    },
    connector: {
      className: "max-w-36 min-w-24 whitespace-normal break-words",
      cell: (row) => (
        <>
          {row.connectorName}
          {row.connectorDeleted ? <span className="text-muted-foreground"> (deleted)</span> : null}
        </>
      ),
    },
    member_email: {
      className: "max-w-44 truncate",
      cellProps: (row) => ({ title: row.memberEmail ? `${row.memberEmail} (${row.memberId})` : row.memberId }),
      cell: (row) => row.memberEmail ?? <span className="font-mono text-xs">{row.memberId}</span>,
    },
    status: {
      cell: (row) => (
        <>
          <DeliveryStatusBadge status={row.status} nextAttemptAt={row.nextAttemptAt} now={now} />
          {row.waitingForDeliveryId ? (
            <Link
              href={deliveryHref(row.waitingForDeliveryId)}
              className="mt-1 block text-xs text-muted-foreground underline-offset-2 hover:underline"
            >
              Waiting for an earlier event
            </Link>
          ) : null}
        </>
      ),
    },
    http_status: {
      className: "font-mono text-xs",
      cellProps: (row) => ({ title: row.lastError ?? undefined }),
      cell: (row) => row.lastStatusCode ?? (row.lastError ? <span className="font-sans text-destructive">No response</span> : "—"),
    },
    attempts: { className: "text-right tabular-nums", headClassName: "text-right", cell: (row) => row.attempts },
    duration_ms: {
      className: "text-right text-muted-foreground tabular-nums",
      headClassName: "text-right",
      cell: (row) => formatDuration(row.durationMs),
    },
  };
}

/** The Event logs table's columns at the clock `now` (relative times, next try). */
export function deliveryTableColumns(now: number): ColumnDef<DeliveryLogRow>[] {
  const byId = cells(now);
  return shownDeliveryColumns.map(({ id, label }) => ({ id, header: label, ...byId[id] }));
}
