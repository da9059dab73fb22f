import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConnectorAlertBanner } from "@/components/alerts/connector-alert-banner";
import { AlertsCard } from "@/components/connectors/alerts-card";
import { ConnectorEditor } from "@/components/connectors/connector-editor";
import { ConnectorHeader } from "@/components/connectors/connector-header";
import { ReplayFailedCard } from "@/components/connectors/replay-failed-card";
import { SendTestEventDialog } from "@/components/connectors/send-test-event-dialog";
import { getConnectorAlerts } from "@/lib/alerts/queries";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getConnectorView } from "@/lib/connectors/queries";
import { env } from "@/lib/env";
import { exampleInput } from "@/lib/events/catalog";
import { eventTypes, type EventType } from "@/lib/events/types";
import { listPrograms } from "@/lib/programs/queries";

export const metadata: Metadata = { title: "Connector" };

export default async function ConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePermission("connectors.read");
  const { id } = await params;
  // The view is already stripped for the role: nothing below can leak a value to a marketer.
  const view = await getConnectorView(ctx.db, id, ctx.actor.role);
  if (!view) notFound();
  const writeDenied = deniedReason(ctx.actor.role, "connectors.write");
  const [programs, alerts] = await Promise.all([listPrograms(ctx.db), getConnectorAlerts(ctx.db, id, ctx.actor.role)]);
  const examples = Object.fromEntries(
    eventTypes.map(({ id: type }) => {
      const { member, data } = exampleInput(type);
      return [type, JSON.stringify({ member, data }, null, 2)];
    }),
  ) as Record<EventType, string>;
  const testDenied =
    deniedReason(ctx.actor.role, "test-events.send") ??
    (!view.notificationUrl ? "Save a notification URL first." : programs.length === 0 ? "Create a program first." : undefined);
  return (
    <>
      <ConnectorHeader
        view={view}
        writeDenied={writeDenied}
        testEventSlot={
          <SendTestEventDialog
            connectorId={view.id}
            programs={programs.map((p) => ({ id: p.id, name: p.name }))}
            examples={examples}
            disabledReason={testDenied}
          />
        }
      />
      <ConnectorAlertBanner alerts={alerts} />
      <ConnectorEditor
        view={view}
        writeDenied={writeDenied}
        canSeeSecrets={can(ctx.actor.role, "connectors.secrets")}
        testInboxOn={env().testInbox}
      />
      {alerts ? (
        <AlertsCard connectorId={view.id} settings={alerts.settings} destinations={alerts.destinations} writeDenied={writeDenied} />
      ) : null}
      <ReplayFailedCard connectorId={view.id} disabledReason={deniedReason(ctx.actor.role, "deliveries.replay")} />
    </>
  );
}
