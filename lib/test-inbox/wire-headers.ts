import type { AsyncLocalStorage } from "node:async_hooks";

/** Where scripts/server.mjs keeps an inbox request's `rawHeaders` while Next answers it. */
const wireHeadersKey = Symbol.for("integrations-hub.wire-headers");
type Holder = { [wireHeadersKey]?: AsyncLocalStorage<string[]> };

/**
 * The request's headers as they arrived on the wire, names in lower case and repeated headers
 * joined with ", " (as `Headers` does). `request.headers` is not that: scripts/server.mjs sets
 * X-Request-Id (and X-Forwarded-For without a trusted proxy) and Next adds X-Forwarded-Host,
 * -Port, -Proto and -For, none of which the sender wrote. Under `next dev`, which has no such
 * server, there is nothing else to read and `request.headers` is returned as it is.
 */
export function wireHeaders(request: Request): Record<string, string> {
  const raw = (globalThis as Holder)[wireHeadersKey]?.getStore();
  if (!raw) return Object.fromEntries(request.headers);
  // A Map, not an object: a header may be called `__proto__`.
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const earlier = headers.get(name);
    headers.set(name, earlier === undefined ? raw[i + 1]! : `${earlier}, ${raw[i + 1]}`);
  }
  return Object.fromEntries(headers);
}
