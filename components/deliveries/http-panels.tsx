import type * as React from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { SectionCard } from "@/components/ui/section-card";
import type { Attempt } from "@/db/schema";
import { formatDuration } from "@/lib/format";
import { REDACTED } from "@/lib/redacted";
import { curlCommand, prettyBody } from "./format";

function HeaderTable({ headers, label }: { headers: Record<string, string> | null; label: string }) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No headers.</p>;
  return (
    <dl aria-label={label} className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-1 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-muted-foreground">{name}</dt>
          <dd className={value === REDACTED ? "italic text-muted-foreground" : "break-all"}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One part of a message (its headers, its body) under a small heading. */
function MessagePart({ title, level: Heading, children }: { title: string; level: "h3" | "h4"; children: React.ReactNode }) {
  return (
    <section>
      <Heading className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">{title}</Heading>
      {children}
    </section>
  );
}

/** What an attempt and an edited resend both store of their request and response. */
type Exchange = Pick<Attempt, "requestHeaders" | "requestBody" | "responseHeaders" | "responseBody" | "responseTruncated">;

type MessagePartsProps = {
  exchange: Exchange;
  side: "request" | "response";
  /** Inside an edited resend: smaller headings that name the side, and labels that say "Resend". */
  resend?: boolean;
};

/** The headers and body of an exchange's request or response. */
export function MessageParts({ exchange, side, resend = false }: MessagePartsProps) {
  const [headers, body, truncated] =
    side === "request"
      ? [exchange.requestHeaders, exchange.requestBody, false]
      : [exchange.responseHeaders, exchange.responseBody, exchange.responseTruncated];
  const Side = side === "request" ? "Request" : "Response";
  const label = resend ? `Resend ${side}` : Side;
  const level = resend ? "h4" : "h3";
  return (
    <>
      <MessagePart title={resend ? `${Side} headers` : "Headers"} level={level}>
        <HeaderTable headers={headers} label={`${label} headers`} />
      </MessagePart>
      <MessagePart title={resend ? `${Side} body` : "Body"} level={level}>
        {body ? <CodeBlock code={prettyBody(body)} label={`${label} body`} /> : <p className="text-sm text-muted-foreground">Empty body.</p>}
        {truncated ? <p className="mt-2 text-xs text-muted-foreground">Only the first 64 KiB of the body was kept.</p> : null}
      </MessagePart>
    </>
  );
}

/** Why a request got no usable answer: the error code (timeout, refused, DNS …) and its message. */
export function ExchangeError({ code, error }: { code: string | null; error: string }) {
  return (
    <p role="note" className="rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive">
      {code ? <span className="font-mono">{code}: </span> : null}
      {error}
    </p>
  );
}

/** Where the request went: the method and the URL. */
function RequestLine({ url }: { url: string }) {
  return (
    <>
      <Badge variant="outline" className="mr-2 font-mono">
        POST
      </Badge>
      {url}
    </>
  );
}

/** What came back, and how long it took. */
function ResponseLine({ status, durationMs }: { status: number | null; durationMs: number }) {
  return (
    <>
      {status != null ? <span className="font-mono">HTTP {status}</span> : <span>No response</span>} · {formatDuration(durationMs)}
    </>
  );
}

export function RequestPanel({ attempt }: { attempt: Attempt }) {
  // The command is not on the page to select: a failed copy can only say why.
  const copyAsCurl = (
    <CopyButton
      text={curlCommand(attempt.url, attempt.requestHeaders, attempt.requestBody)}
      failureMessage="Copy failed: the browser refused access to the clipboard."
    >
      Copy as curl
    </CopyButton>
  );
  return (
    <SectionCard
      title="Request"
      region
      description={<RequestLine url={attempt.url} />}
      descriptionClassName="font-mono text-xs break-all"
      action={copyAsCurl}
      contentClassName="space-y-4"
    >
      <MessageParts exchange={attempt} side="request" />
    </SectionCard>
  );
}

export function ResponsePanel({ attempt }: { attempt: Attempt }) {
  return (
    <SectionCard
      title="Response"
      region
      description={<ResponseLine status={attempt.responseStatus} durationMs={attempt.durationMs} />}
      contentClassName="space-y-4"
    >
      {attempt.error ? <ExchangeError code={attempt.errorCode} error={attempt.error} /> : null}
      {attempt.responseStatus != null ? <MessageParts exchange={attempt} side="response" /> : null}
    </SectionCard>
  );
}

