import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
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

export function ConnectorsTable({ connectors }: { connectors: ConnectorListItem[] }) {
  return (
    <Table aria-label="Connectors">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Notification URL</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {connectors.map((c) => (
          <TableRow key={c.id} data-testid={`connector-row-${c.name}`}>
            <TableCell className="font-medium">
              <Link href={`/integrations/connectors/${c.id}`} className="hover:underline focus-visible:underline">
                {c.name}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">
              {c.notificationHost ?? <span className="font-sans text-muted-foreground">Not set</span>}
            </TableCell>
            <TableCell>
              <ConnectorStatusBadge active={c.active} disabledReason={c.disabledReason} />
            </TableCell>
            <TableCell className="text-muted-foreground">{formatDateTime(c.createdAt)}</TableCell>
            <TableCell className="text-muted-foreground">{formatDateTime(c.updatedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
