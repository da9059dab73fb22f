import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/db/schema";

const variants: Record<DeliveryStatus, "success" | "warning" | "destructive" | "secondary"> = {
  succeeded: "success",
  retrying: "warning",
  failed: "destructive",
  pending: "secondary",
};

const labels: Record<DeliveryStatus, string> = {
  succeeded: "Succeeded",
  retrying: "Retrying",
  failed: "Failed",
  pending: "Pending",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge variant={variants[status]}>{labels[status]}</Badge>;
}
