import { Badge } from "@/components/ui/badge";
import { SectionCard } from "@/components/ui/section-card";
import { diffStats, type DiffHunk } from "@/lib/delivery/logs/resend-diff";
import type { ResendView } from "@/lib/delivery/logs/resend-queries";
import { exactTime, formatDuration } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ExchangeError, MessageParts } from "./http-panels";

const lineStyles = {
  added: "bg-success/10 text-success",
  removed: "bg-destructive/10 text-destructive",
  context: "text-muted-foreground",
} as const;
const linePrefix = { added: "+", removed: "-", context: " " } as const;

function BodyDiff({ hunks }: { hunks: DiffHunk[] }) {
  const { added, removed } = diffStats(hunks);
  return (
    <div className="space-y-1">
      <p className="text-xs text-muted-foreground">
        Body edited: {added} line{added === 1 ? "" : "s"} added, {removed} removed.
      </p>
      <div role="group" aria-label="Body diff" className="max-h-96 overflow-auto rounded-md border bg-muted/30 py-1 font-mono text-xs leading-relaxed">
        {hunks.map((hunk) => (
          <div key={hunk.header}>
            <div className="px-3 text-muted-foreground/70">{hunk.header}</div>
            {hunk.lines.map((line, i) => (
              <div key={i} data-kind={line.kind} className={cn("px-3 whitespace-pre", lineStyles[line.kind])}>
                {linePrefix[line.kind]} {line.text}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

function Outcome({ resend }: { resend: ResendView }) {
  const status = resend.responseStatus != null ? `HTTP ${resend.responseStatus}` : "No response";
  return <Badge variant={resend.success ? "success" : "destructive"}>{status}</Badge>;
}

function ResendItem({ resend, notificationUrl }: { resend: ResendView; notificationUrl: string | null }) {
  return (
    <li aria-label={`Edited resend of ${exactTime(resend.createdAt)}`} className="space-y-3 border-t pt-4 first:border-t-0 first:pt-0">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant="warning">Edited</Badge>
        <Outcome resend={resend} />
        <span className="text-muted-foreground">
          {exactTime(resend.createdAt)} · {formatDuration(resend.durationMs)}
          {resend.createdByEmail ? ` · by ${resend.createdByEmail}` : ""}
        </span>
      </div>
      <div className="space-y-2 text-sm">
        {resend.urlChanged ? (
          <p className="break-all">
            <span className="text-muted-foreground">URL changed: </span>
            <del className="font-mono text-xs text-destructive">{notificationUrl ?? "(the connector had none)"}</del>
            {" → "}
            <ins className="font-mono text-xs text-success no-underline">{resend.url}</ins>
          </p>
        ) : (
          <p className="text-muted-foreground">
            URL unchanged: <span className="font-mono text-xs break-all">{resend.url}</span>
          </p>
        )}
        {resend.bodyChanged ? <BodyDiff hunks={resend.bodyDiff} /> : <p className="text-muted-foreground">Body unchanged.</p>}
        {resend.error ? <ExchangeError code={resend.errorCode} error={resend.error} /> : null}
      </div>
      <details className="group rounded-md border px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium">Request and response</summary>
        <div className="mt-3 space-y-4">
          <MessageParts exchange={resend} side="request" resend />
          {resend.responseStatus != null ? <MessageParts exchange={resend} side="response" resend /> : null}
        </div>
      </details>
    </li>
  );
}

/** The delivery's edited resends, newest first: each marked Edited, with its diff and response. */
export function ResendList({ resends, notificationUrl }: { resends: ResendView[]; notificationUrl: string | null }) {
  if (resends.length === 0) return null;
  return (
    <SectionCard
      title="Edited resends"
      region
      description={
        <>
          One-off requests sent with changes from this page, newest first. They are not attempts: the delivery&apos;s status and retries
          are unaffected.
        </>
      }
    >
      <ul className="space-y-4">
        {resends.map((resend) => (
          <ResendItem key={resend.id} resend={resend} notificationUrl={notificationUrl} />
        ))}
      </ul>
    </SectionCard>
  );
}
