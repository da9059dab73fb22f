import type { Metadata } from "next";
import { Webhook } from "lucide-react";
import { ConnectorsTable } from "@/components/connectors/connectors-table";
import { CreateConnectorDialog } from "@/components/connectors/create-connector-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listConnectors } from "@/lib/connectors/queries";

const title = "Connectors";

export const metadata: Metadata = { title };

export default async function ConnectorsPage() {
  const ctx = await requirePermission("connectors.read");
  const connectors = await listConnectors(ctx.db);
  return (
    <>
      <PageHeader
        title={title}
        description="Destinations that receive your programs' member events as signed webhooks."
        actions={<CreateConnectorDialog disabledReason={deniedReason(ctx.actor.role, "connectors.write")} />}
      />
      {connectors.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="No connectors yet"
          description="A connector is a tool that receives events: the hub POSTs each event, signed with the connector's secret, to its notification URL. Use Set up an integration to add one, then choose on Push rules which events it receives."
        />
      ) : (
        <ConnectorsTable connectors={connectors} />
      )}
    </>
  );
}
