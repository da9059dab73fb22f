"use client";

import { useSyncExternalStore } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { API_KEY_VARIABLE, ingestCurl } from "./curl";

// The origin does not change while the page is open.
const noSubscription = () => () => {};

/**
 * The origin the browser is on. The server renders with the one it derived from the request
 * (a proxy may have rewritten it); the browser's own replaces it on hydration.
 */
function useOrigin(serverOrigin: string): string {
  return useSyncExternalStore(noSubscription, () => window.location.origin, () => serverOrigin);
}

export type IngestExample = { label: string; body: unknown };

/** The endpoint's URL and copyable curl commands, on this hub's origin. */
export function IngestExamples({
  serverOrigin,
  path,
  keyHint,
  examples,
}: {
  serverOrigin: string;
  path: string;
  /** What a key looks like, e.g. `ihk_…`. */
  keyHint: string;
  examples: IngestExample[];
}) {
  const url = `${useOrigin(serverOrigin)}${path}`;
  return (
    <div className="grid gap-4">
      <p className="text-sm">
        <code className="rounded bg-muted px-1.5 py-0.5 font-mono break-all" data-testid="ingest-endpoint">
          POST {url}
        </code>
      </p>
      <p className="text-sm text-muted-foreground">
        Set <code className="font-mono">{API_KEY_VARIABLE}</code> to a program&apos;s API key first, e.g.{" "}
        <code className="font-mono">export {API_KEY_VARIABLE}={keyHint}</code>
      </p>
      {examples.map(({ label, body }) => (
        <div key={label} className="grid gap-1.5">
          <h3 className="text-sm font-medium">{label}</h3>
          <CodeBlock code={ingestCurl(url, body)} label={`curl: ${label.toLowerCase()}`} />
        </div>
      ))}
    </div>
  );
}
