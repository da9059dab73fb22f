// No Node imports here: the connector form checks names in the browser with the same list.

/**
 * Headers the hub owns. A connector's auth or custom header with one of these names is ignored, so
 * a configuration mistake cannot forge a signature, change the body's meaning or break framing.
 */
const reservedExact = new Set(["content-type", "content-length", "transfer-encoding", "host", "connection", "user-agent"]);
export function isReservedHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return reservedExact.has(lower) || lower.startsWith("x-qualifio-") || lower.startsWith("webhook-");
}
