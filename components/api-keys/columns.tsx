import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ColumnDef } from "@/components/ui/data-table";

/** Dates arrive pre-formatted from the server so server and client render the same text. */
export type ApiKeyItem = {
  id: string;
  prefix: string;
  label: string;
  created: string;
  createdBy: string | null;
  lastUsed: string;
  revoked: string | null;
};

export function apiKeyColumns({ pending, onRevoke }: { pending: boolean; onRevoke(key: ApiKeyItem): void }): ColumnDef<ApiKeyItem>[] {
  return [
    { id: "key", header: "Key", className: "font-mono text-xs", cell: (key) => `${key.prefix}…` },
    { id: "label", header: "Label", className: "font-medium", cell: (key) => key.label },
    {
      id: "created",
      header: "Created",
      className: "text-muted-foreground",
      cell: (key) => (
        <>
          {key.created}
          {key.createdBy ? <span className="block text-xs">by {key.createdBy}</span> : null}
        </>
      ),
    },
    { id: "last-used", header: "Last used", className: "text-muted-foreground", cell: (key) => key.lastUsed },
    {
      id: "status",
      header: "Status",
      cell: (key) =>
        key.revoked ? (
          <Badge variant="secondary" title={`Revoked ${key.revoked}`}>
            Revoked
          </Badge>
        ) : (
          <Badge variant="success">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      headClassName: "text-right",
      className: "text-right",
      cell: (key) =>
        key.revoked ? null : (
          <Button variant="outline" size="sm" disabled={pending} aria-label={`Revoke ${key.prefix}…`} onClick={() => onRevoke(key)}>
            Revoke
          </Button>
        ),
    },
  ];
}
