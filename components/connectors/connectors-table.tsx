import { DataTable } from "@/components/ui/data-table";
import type { ConnectorListItem } from "@/lib/connectors/queries";
import { connectorColumns } from "./columns";

export function ConnectorsTable({ connectors }: { connectors: ConnectorListItem[] }) {
  return <DataTable aria-label="Connectors" columns={connectorColumns} data={connectors} />;
}
