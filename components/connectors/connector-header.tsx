"use client";

import { useOptimistic, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ChevronLeft, TriangleAlert } from "lucide-react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { useAction } from "@/components/hooks/use-action-form";
import { deleteConnectorAction, setActiveAction } from "@/lib/connectors/actions";
import type { ConnectorView } from "@/lib/connectors/queries";
import { formatDateTime } from "@/lib/format";
import { WithReason } from "@/components/ui/with-reason";

type Props = {
  view: ConnectorView;
  /** Why the current role may not change the connector; undefined for admins. */
  writeDenied?: string;
  /** The Send test event control (components/connectors/send-test-event-dialog.tsx). */
  testEventSlot: React.ReactNode;
};

function hostOf(url: string | null) {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function ActiveSwitch({ view, writeDenied }: Pick<Props, "view" | "writeDenied">) {
  const [pending, startTransition] = useTransition();
  const { run } = useAction();
  const [active, setOptimistic] = useOptimistic(view.active);
  const needsUrl = !view.active && !view.notificationUrl ? "Save a notification URL first." : undefined;
  const reason = writeDenied ?? needsUrl;

  function toggle(next: boolean) {
    startTransition(async () => {
      setOptimistic(next);
      await run(() => setActiveAction({ connectorId: view.id, active: next }), {
        success: next ? "Saved: the connector is active." : "Saved: the connector is inactive.",
      });
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <label htmlFor="connector-active" className="text-sm font-medium">
          Active
        </label>
        <WithReason reason={reason}>
          <Switch id="connector-active" checked={active} disabled={pending || !!reason} onCheckedChange={toggle} />
        </WithReason>
      </div>
      {needsUrl && !writeDenied ? <p className="text-xs text-muted-foreground">{needsUrl}</p> : null}
    </div>
  );
}

function DeleteButton({ view, writeDenied }: Pick<Props, "view" | "writeDenied">) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { pending, run } = useAction();

  async function confirm() {
    const result = await run(() => deleteConnectorAction({ connectorId: view.id }), { success: `Deleted ${view.name}.` });
    if (!result.ok) return;
    setOpen(false);
    router.push("/integrations/connectors");
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={{ label: "Delete", variant: "outline" }}
      disabledReason={writeDenied}
      title={`Delete ${view.name}?`}
      description="It stops receiving events and is removed from every push rule. Its past deliveries stay in the event logs."
      confirmLabel="Delete connector"
      pending={pending}
      onConfirm={() => void confirm()}
    />
  );
}

export function ConnectorHeader({ view, writeDenied, testEventSlot }: Props) {
  const host = hostOf(view.notificationUrl);
  return (
    <div className="space-y-3 pb-4">
      <Link
        href="/integrations/connectors"
        className="inline-flex items-center gap-1 text-xs text-muted-foreground hover:text-foreground"
      >
        <ChevronLeft className="size-3.5" aria-hidden /> Connectors
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1 basis-60 space-y-1">
          <h1 className="truncate text-xl font-semibold tracking-tight">{view.name}</h1>
          <p className="text-sm text-muted-foreground">
            {host ? <span className="font-mono text-xs">{host}</span> : "No notification URL yet"} · Updated{" "}
            {formatDateTime(view.updatedAt)}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-3">
          {testEventSlot}
          <DeleteButton view={view} writeDenied={writeDenied} />
          <div className="ml-1 min-h-9 border-l pl-4 pt-2">
            <ActiveSwitch view={view} writeDenied={writeDenied} />
          </div>
        </div>
      </div>
      {view.disabledReason ? (
        <div role="status" className="flex gap-2 rounded-md border border-warning/40 bg-warning/10 p-3 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            Turned off automatically{view.disabledAt ? ` on ${formatDateTime(view.disabledAt)}` : ""}: {view.disabledReason}{" "}
            Fix the receiver, then turn <strong>Active</strong> back on.
          </p>
        </div>
      ) : null}
      {writeDenied ? (
        <p role="note" className="rounded-md border bg-muted/50 p-3 text-sm text-muted-foreground">
          Read-only: {writeDenied} Secret and header values are hidden from your role.
        </p>
      ) : null}
    </div>
  );
}
