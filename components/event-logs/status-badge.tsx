import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/db/schema";
import { statusLabels } from "@/lib/event-logs/schemas";
import { exactTime, relativeTime } from "@/lib/format";

const variants = { succeeded: "success", failed: "destructive", retrying: "warning", pending: "secondary" } as const;

/** The delivery's status; a retrying one also says when it is tried next. */
export function DeliveryStatusBadge({ status, nextAttemptAt, now }: { status: DeliveryStatus; nextAttemptAt: string | null; now: number }) {
  return (
    <span className="inline-flex flex-col gap-0.5">
      <Badge variant={variants[status]}>{statusLabels[status]}</Badge>
      {status === "retrying" && nextAttemptAt ? (
        <span className="text-xs text-muted-foreground" title={`Next try ${exactTime(nextAttemptAt)}`}>
          {new Date(nextAttemptAt).getTime() > now ? `next try ${relativeTime(nextAttemptAt, now)}` : "next try due now"}
        </span>
      ) : null}
    </span>
  );
}
