import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { AttemptsTimeline } from "@/components/deliveries/attempts-timeline";
import { AutoRefresh } from "@/components/deliveries/auto-refresh";
import { prettyBody } from "@/components/deliveries/format";
import { exactTime, formatDuration } from "@/lib/format";
import { RequestPanel, ResponsePanel } from "@/components/deliveries/http-panels";
import { ResendButton } from "@/components/deliveries/resend-button";
import { ResendList } from "@/components/deliveries/resend-list";
import { ResendWithChangesDialog } from "@/components/deliveries/resend-with-changes-dialog";
import { DeliveryStatusBadge } from "@/components/deliveries/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { SectionCard } from "@/components/ui/section-card";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getDeliveryDetail } from "@/lib/delivery/logs/delivery-queries";
import { getOriginalRequest, listResends } from "@/lib/delivery/logs/resend-queries";
import { eventTypeLabel } from "@/lib/events/types";

export const metadata: Metadata = { title: "Delivery" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function DeliveryPage({
  params,
  searchParams,
}: {
  params: Promise<{ deliveryId: string }>;
  searchParams: Promise<{ attempt?: string }>;
}) {
  const ctx = await requirePermission("event-logs.read");
  const { deliveryId } = await params;
  if (!uuid.test(deliveryId)) notFound();
  // Resend with changes is an admin's tool: others get neither the button nor the original body to edit.
  const mayResendEdited = can(ctx.actor.role, "deliveries.replay");
  const [detail, resends, original] = await Promise.all([
    getDeliveryDetail(ctx.db, deliveryId, ctx.actor.role),
    listResends(ctx.db, deliveryId, ctx.actor.role),
    mayResendEdited ? getOriginalRequest(ctx.db, deliveryId) : null,
  ]);
  if (!detail) notFound();
  const { delivery, event, connector, program, attempts, otherDeliveries, waitingForDeliveryId } = detail;
  const wanted = Number((await searchParams).attempt);
  const shown = attempts.find((a) => a.number === wanted) ?? attempts.at(-1);
  const inFlight = delivery.status === "pending" || delivery.status === "retrying";
  const resendDenied =
    deniedReason(ctx.actor.role, "deliveries.replay") ??
    (connector.deletedAt ? "The connector was deleted." : !connector.notificationUrl ? "The connector has no notification URL." : undefined);
  const basePath = `/testing/event-logs/${delivery.id}`;

  return (
    <>
      <AutoRefresh active={inFlight} />
      <div className="space-y-3 pb-4">
        <Link href="/testing/event-logs" className="inline-flex items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
          <ChevronLeft className="size-3.5" aria-hidden /> Event logs
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
              {eventTypeLabel(event.type)} → {connector.name}
              <DeliveryStatusBadge status={delivery.status} />
              {event.test ? <Badge variant="outline">Test</Badge> : null}
            </h1>
            <p className="font-mono text-xs text-muted-foreground">Delivery {delivery.id}</p>
            {waitingForDeliveryId ? (
              <p className="text-sm text-muted-foreground">
                The connector delivers each member&apos;s events in order:{" "}
                <Link href={`/testing/event-logs/${waitingForDeliveryId}`} className="font-medium text-foreground underline underline-offset-2">
                  Waiting for an earlier event
                </Link>{" "}
                of this member to be delivered first.
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <ResendButton deliveryId={delivery.id} disabledReason={resendDenied} />
            {original ? (
              <ResendWithChangesDialog
                deliveryId={delivery.id}
                body={prettyBody(original.body)}
                url={original.connector.notificationUrl ?? ""}
                disabledReason={connector.deletedAt ? "The connector was deleted." : undefined}
              />
            ) : null}
          </div>
        </div>
      </div>

      <Card className="mb-4">
        <CardContent>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm md:grid-cols-4">
            <Fact term="Program">{program.name}</Fact>
            <Fact term="Connector">
              {connector.deletedAt ? (
                <span>{connector.name} (deleted)</span>
              ) : (
                <Link className="underline-offset-2 hover:underline" href={`/integrations/connectors/${connector.id}`}>
                  {connector.name}
                </Link>
              )}
            </Fact>
            <Fact term="Member">{event.memberEmail ?? event.memberId}</Fact>
            <Fact term="Event">
              <span className="font-mono text-xs">{event.id}</span>
            </Fact>
            <Fact term="Created">{exactTime(delivery.createdAt)}</Fact>
            <Fact term="Attempts">{delivery.attemptCount}</Fact>
            <Fact term="Last HTTP status">{delivery.lastStatusCode ?? "—"}</Fact>
            <Fact term="Last duration">{formatDuration(delivery.lastDurationMs)}</Fact>
          </dl>
        </CardContent>
      </Card>

      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-4">
          {shown ? (
            <>
              <RequestPanel attempt={shown} />
              <ResponsePanel attempt={shown} />
            </>
          ) : (
            <Card>
              <CardContent className="text-sm text-muted-foreground">
                No attempt yet: the first one is {delivery.nextAttemptAt ? `due at ${exactTime(delivery.nextAttemptAt)}` : "waiting"}.
                {connector.active || event.test ? "" : " The connector is turned off, so it waits until it is turned back on."}
              </CardContent>
            </Card>
          )}
          <ResendList resends={resends} notificationUrl={connector.notificationUrl} />
        </div>
        <div className="space-y-4">
          <SectionCard title="Attempts">
            {attempts.length ? (
              <AttemptsTimeline
                attempts={attempts}
                selected={shown?.number}
                basePath={basePath}
                nextAttemptAt={delivery.status === "retrying" ? delivery.nextAttemptAt : null}
              />
            ) : (
              <p className="text-sm text-muted-foreground">None yet.</p>
            )}
          </SectionCard>
          <SectionCard title="Same event, other connectors">
            {otherDeliveries.length ? (
              <ul className="space-y-1.5 text-sm">
                {otherDeliveries.map((d) => (
                  <li key={d.id} className="flex items-center justify-between gap-2">
                    <Link className="truncate underline-offset-2 hover:underline" href={`/testing/event-logs/${d.id}`}>
                      {d.connectorName}
                    </Link>
                    <DeliveryStatusBadge status={d.status} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted-foreground">This event went to this connector only.</p>
            )}
          </SectionCard>
        </div>
      </div>
    </>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
