import { CodeBlock } from "@/components/ui/code-block";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Attempt } from "@/db/schema";
import { formatDuration } from "@/lib/format";
import { REDACTED } from "@/lib/redacted";
import { curlCommand, prettyBody } from "./format";

export function HeaderTable({ headers, label }: { headers: Record<string, string> | null; label: string }) {
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

export function RequestPanel({ attempt }: { attempt: Attempt }) {
  return (
    <Card role="region" aria-labelledby="request-title">
      <CardHeader>
        <CardTitle id="request-title">Request</CardTitle>
        <CardDescription className="font-mono text-xs break-all">
          <Badge variant="outline" className="mr-2 font-mono">
            POST
          </Badge>
          {attempt.url}
        </CardDescription>
        <CardAction>
          {/* The command is not on the page to select: the failure can only say why. */}
          <CopyButton
            text={curlCommand(attempt.url, attempt.requestHeaders, attempt.requestBody)}
            failureMessage="Copy failed: the browser refused access to the clipboard."
          >
            Copy as curl
          </CopyButton>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-4">
        <section>
          <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Headers</h3>
          <HeaderTable headers={attempt.requestHeaders} label="Request headers" />
        </section>
        <section>
          <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Body</h3>
          <CodeBlock code={prettyBody(attempt.requestBody)} label="Request body" />
        </section>
      </CardContent>
    </Card>
  );
}

export function ResponsePanel({ attempt }: { attempt: Attempt }) {
  return (
    <Card role="region" aria-labelledby="response-title">
      <CardHeader>
        <CardTitle id="response-title">Response</CardTitle>
        <CardDescription>
          {attempt.responseStatus != null ? (
            <span className="font-mono">HTTP {attempt.responseStatus}</span>
          ) : (
            <span>No response</span>
          )}{" "}
          · {formatDuration(attempt.durationMs)}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {attempt.error ? (
          <p role="note" className="rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive">
            {attempt.errorCode ? <span className="font-mono">{attempt.errorCode}: </span> : null}
            {attempt.error}
          </p>
        ) : null}
        {attempt.responseStatus != null ? (
          <>
            <section>
              <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Headers</h3>
              <HeaderTable headers={attempt.responseHeaders} label="Response headers" />
            </section>
            <section>
              <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Body</h3>
              {attempt.responseBody ? (
                <CodeBlock code={prettyBody(attempt.responseBody)} label="Response body" />
              ) : (
                <p className="text-sm text-muted-foreground">Empty body.</p>
              )}
              {attempt.responseTruncated ? (
                <p className="mt-2 text-xs text-muted-foreground">Only the first 64 KiB of the body was kept.</p>
              ) : null}
            </section>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

