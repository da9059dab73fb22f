import { Badge } from "@/components/ui/badge";
import { nameColumn, type ColumnDef } from "@/components/ui/data-table";
import { attentionText, type ConnectorAttention } from "@/lib/connectors/attention";
import type { ConnectorListItem } from "@/lib/connectors/queries";
import { formatDateTime } from "@/lib/format";

/** Active or Inactive, with a Failing badge beside it while an alert episode is open (the connector page's banner). */
function ConnectorStatusBadge({ active, attention }: { active: boolean; attention: ConnectorAttention | null }) {
  if (attention?.kind === "turned-off") {
    return (
      <Badge variant="warning" title={attention.reason}>
        Turned off automatically
      </Badge>
    );
  }
  const status = active ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Inactive</Badge>;
  if (!attention) return status;
  return (
    <span className="flex flex-wrap gap-1">
      {status}
      <Badge variant="warning" title={attentionText(attention)}>
        Failing
      </Badge>
    </span>
  );
}

export const connectorColumns: ColumnDef<ConnectorListItem>[] = [
  nameColumn((c) => `/integrations/connectors/${c.id}`),
  {
    id: "notification-url",
    header: "Notification URL",
    className: "font-mono text-xs",
    cell: (c) => c.notificationHost ?? <span className="font-sans text-muted-foreground">Not set</span>,
  },
  { id: "status", header: "Status", cell: (c) => <ConnectorStatusBadge active={c.active} attention={c.attention} /> },
  { id: "created", header: "Created", className: "text-muted-foreground", cell: (c) => formatDateTime(c.createdAt) },
  { id: "updated", header: "Updated", className: "text-muted-foreground", cell: (c) => formatDateTime(c.updatedAt) },
];
