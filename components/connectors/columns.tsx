import { Badge } from "@/components/ui/badge";
import { nameColumn, type ColumnDef } from "@/components/ui/data-table";
import type { ConnectorListItem } from "@/lib/connectors/queries";
import { formatDateTime } from "@/lib/format";

function ConnectorStatusBadge({ active, disabledReason }: { active: boolean; disabledReason: string | null }) {
  if (active) return <Badge variant="success">Active</Badge>;
  if (disabledReason) {
    return (
      <Badge variant="warning" title={disabledReason}>
        Turned off automatically
      </Badge>
    );
  }
  return <Badge variant="secondary">Inactive</Badge>;
}

export const connectorColumns: ColumnDef<ConnectorListItem>[] = [
  nameColumn((c) => `/integrations/connectors/${c.id}`),
  {
    id: "notification-url",
    header: "Notification URL",
    className: "font-mono text-xs",
    cell: (c) => c.notificationHost ?? <span className="font-sans text-muted-foreground">Not set</span>,
  },
  { id: "status", header: "Status", cell: (c) => <ConnectorStatusBadge active={c.active} disabledReason={c.disabledReason} /> },
  { id: "created", header: "Created", className: "text-muted-foreground", cell: (c) => formatDateTime(c.createdAt) },
  { id: "updated", header: "Updated", className: "text-muted-foreground", cell: (c) => formatDateTime(c.updatedAt) },
];
