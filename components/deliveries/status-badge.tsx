import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/db/schema";
import { statusLabels } from "@/lib/delivery/logs/schemas";
import { exactTime, relativeTime } from "@/lib/format";

const variants = { succeeded: "success", failed: "destructive", retrying: "warning", pending: "secondary" } as const;

/** A delivery's status; given `nextAttemptAt` and `now`, a retrying one also says when it is tried next. */
export function DeliveryStatusBadge({
  status,
  nextAttemptAt,
  now,
}: {
  status: DeliveryStatus;
  nextAttemptAt?: string | null;
  now?: number;
}) {
  const badge = <Badge variant={variants[status]}>{statusLabels[status]}</Badge>;
  if (status !== "retrying" || !nextAttemptAt || now === undefined) return badge;
  return (
    <span className="inline-flex flex-col gap-0.5">
      {badge}
      <span className="text-xs text-muted-foreground" title={`Next try ${exactTime(nextAttemptAt)}`}>
        {new Date(nextAttemptAt).getTime() > now ? `next try ${relativeTime(nextAttemptAt, now)}` : "next try due now"}
      </span>
    </span>
  );
}
