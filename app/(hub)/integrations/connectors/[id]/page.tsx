import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConnectorEditor } from "@/components/connectors/connector-editor";
import { ConnectorHeader } from "@/components/connectors/connector-header";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getConnectorView } from "@/lib/connectors/queries";

export const metadata: Metadata = { title: "Connector" };

export default async function ConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePermission("connectors.read");
  const { id } = await params;
  // The view is already stripped for the role: nothing below can leak a value to a marketer.
  const view = await getConnectorView(ctx.db, id, ctx.actor.role);
  if (!view) notFound();
  const writeDenied = deniedReason(ctx.actor.role, "connectors.write");
  return (
    <>
      <ConnectorHeader view={view} writeDenied={writeDenied} />
      <ConnectorEditor view={view} writeDenied={writeDenied} canSeeSecrets={can(ctx.actor.role, "connectors.secrets")} />
    </>
  );
}
