"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, Trash2 } from "lucide-react";
import { getJson, LIVE_INTERVAL_MS } from "@/components/event-logs/fetch";
import { prettyBody } from "@/components/deliveries/format";
import { useAction } from "@/components/hooks/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormControl, FormField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import type { SignatureVerdict } from "@/db/schema/inbox";
import { exactTime } from "@/lib/format";
import { clearInboxAction, setResponseModeAction } from "@/lib/test-inbox/actions";
import type { InboxRequestPage, InboxRequestView, InboxSummary } from "@/lib/test-inbox/queries";
import { INBOX_PAGE_SIZE, INBOX_REQUEST_LIMIT, responseModeLabels, responseModes, type TestInboxResponseMode } from "@/lib/test-inbox/schemas";

const verdictVariant = { valid: "success", invalid: "destructive", missing: "outline" } as const;

function Verdict({ scheme, verdict }: { scheme: string; verdict: SignatureVerdict }) {
  return <Badge variant={verdictVariant[verdict]}>{`${scheme}: ${verdict}`}</Badge>;
}

function RequestCard({ request }: { request: InboxRequestView }) {
  const time = exactTime(request.receivedAt);
  const event = request.headers.find(([name]) => name === "x-qualifio-event")?.[1];
  return (
    <article aria-label={`${request.method} request received ${time}`} className="grid gap-3 rounded-lg border bg-card p-4">
      <header className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono font-medium">{request.method}</span>
        {event ? <span className="font-mono">{event}</span> : null}
        <time dateTime={request.receivedAt} className="text-muted-foreground">
          {time}
        </time>
        <Badge variant={request.responseStatus < 400 ? "secondary" : "destructive"}>Answered {request.responseStatus}</Badge>
        <span className="ml-auto flex flex-wrap gap-2">
          <Verdict scheme="X-Qualifio-Signature" verdict={request.signatures.qualifio} />
          <Verdict scheme="Standard Webhooks" verdict={request.signatures.standard} />
        </span>
      </header>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Headers ({request.headers.length})</summary>
        <table aria-label={`Headers of the request received ${time}`} className="mt-2 w-full text-xs">
          <tbody>
            {request.headers.map(([name, value]) => (
              <tr key={name} className="border-b last:border-0">
                <th scope="row" className="w-56 py-1 pr-3 text-left align-top font-mono font-normal text-muted-foreground">
                  {name}
                </th>
                <td className="py-1 font-mono break-all">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Body{request.bodyTruncated ? " (first 64 KiB)" : ""}</summary>
        <CodeBlock className="mt-2" code={prettyBody(request.body)} label={`Body of the request received ${time}`} />
      </details>
    </article>
  );
}

/** `kept`: how many requests the inbox keeps, all of which Clear inbox deletes. */
function InboxControls({ inbox, kept, writeDenied }: { inbox: InboxSummary; kept: number; writeDenied?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { run, pending } = useAction();
  const [confirmingClear, setConfirmingClear] = useState(false);

  async function changeMode(responseMode: TestInboxResponseMode) {
    const result = await run(() => setResponseModeAction({ inboxId: inbox.id, responseMode }), { success: (_, m) => m ?? "Saved." });
    if (result.ok) router.refresh();
  }
  async function clear() {
    const result = await run(() => clearInboxAction({ inboxId: inbox.id }), { success: (_, m) => m ?? "Cleared." });
    if (!result.ok) return;
    setConfirmingClear(false);
    await queryClient.invalidateQueries({ queryKey: ["test-inbox", inbox.id] });
  }

  return (
    <div className="flex flex-wrap items-end gap-3">
      <FormField label="Response" id="inbox-response" description={writeDenied} className="w-72">
        <FormControl>
          <NativeSelect value={inbox.responseMode} disabled={pending || !!writeDenied} onChange={(e) => changeMode(e.target.value as TestInboxResponseMode)}>
            <NativeSelectOptions items={responseModes} value={(m) => m} label={(m) => responseModeLabels[m]} />
          </NativeSelect>
        </FormControl>
      </FormField>
      <ConfirmDialog
        open={confirmingClear}
        onOpenChange={setConfirmingClear}
        trigger={{ label: "Clear inbox", variant: "outline", icon: Trash2 }}
        disabledReason={writeDenied}
        title="Clear the inbox?"
        description={`Its ${kept} captured ${kept === 1 ? "request is" : "requests are"} deleted. This cannot be undone.`}
        confirmLabel="Clear inbox"
        pending={pending}
        onConfirm={() => void clear()}
      />
    </div>
  );
}

type Props = {
  inboxes: InboxSummary[];
  selected: InboxSummary;
  initialPage: InboxRequestPage;
  writeDenied?: string;
};

/** Testing → Inbox: one inbox's captured requests, refreshed live like the event logs. */
export function InboxScreen({ inboxes, selected, initialPage, writeDenied }: Props) {
  const router = useRouter();
  // "Show older requests" widens the live window instead of paging: new requests arriving on top can
  // then never open a gap, and an inbox keeps at most 500.
  const [limit, setLimit] = useState(INBOX_PAGE_SIZE);
  const { data, isFetching } = useQuery({
    queryKey: ["test-inbox", selected.id, limit],
    queryFn: ({ signal }) => getJson<InboxRequestPage>(`/api/test-inboxes/${selected.id}/requests?limit=${limit}`, signal),
    initialData: limit === INBOX_PAGE_SIZE ? initialPage : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const page = data ?? initialPage;
  const requests = page.requests;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-lg border bg-card p-4">
        <div className="grid min-w-0 gap-1">
          {inboxes.length > 1 ? (
            <FormField label="Inbox" id="inbox-select" className="w-72">
              <FormControl>
                <NativeSelect value={selected.id} onChange={(e) => router.push(`/testing/inbox?inbox=${e.target.value}`)}>
                  <NativeSelectOptions items={inboxes} value={(i) => i.id} label={(i) => i.connectorName} />
                </NativeSelect>
              </FormControl>
            </FormField>
          ) : (
            <span className="text-sm font-medium">Inbox of {selected.connectorName}</span>
          )}
          <span className="flex items-center gap-1 font-mono text-xs break-all text-muted-foreground">
            {selected.url}
            {writeDenied ? null : <CopyButton text={selected.url} variant="ghost" size="icon" className="size-6" aria-label="Copy the inbox URL" />}
          </span>
        </div>
        <InboxControls inbox={selected} kept={page.kept} writeDenied={writeDenied} />
      </div>
      {requests.length === 0 ? (
        <EmptyState
          icon={<Inbox />}
          title="No requests yet"
          description={
            <>
              Press <strong>Send test event</strong> on the connector&apos;s page, or send an event its push rules deliver. Requests show up here
              within seconds.
            </>
          }
          action={
            <Link href={`/integrations/connectors/${selected.connectorId}`} className="text-sm underline underline-offset-2">
              Open {selected.connectorName}
            </Link>
          }
        />
      ) : (
        <>
          <section aria-label="Captured requests" className="grid gap-3">
            {requests.map((request) => (
              <RequestCard key={request.id} request={request} />
            ))}
          </section>
          <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
            <span>
              {requests.length} {requests.length === 1 ? "request" : "requests"} shown
              {page.more ? "" : ` · all this inbox keeps (the last ${INBOX_REQUEST_LIMIT})`}
            </span>
            {page.more ? (
              <Button
                variant="outline"
                size="sm"
                disabled={isFetching && limit > requests.length}
                onClick={() => setLimit((current) => Math.min(current + INBOX_PAGE_SIZE, INBOX_REQUEST_LIMIT))}
              >
                Show older requests
              </Button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
