/*
 * Is this failure "the database is not reachable right now" (restart, failover, connection limit,
 * network) rather than a bug? Callers answer those with a retryable 503 instead of a 500.
 */

/** Errors of node-postgres (and Node's sockets) while connecting or when a connection dies. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTCONN", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

const NETWORK_MESSAGES = [
  /^Connection terminated unexpectedly/i,
  /^Connection terminated\b/i, // also "… due to connection timeout"
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
];

/** SQLSTATEs that mean "no connection now", whatever the statement was. */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: terminated by pg_terminate_backend or a fast shutdown
  "57P02", // crash_shutdown: another backend crashed, the server is resetting
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "53300", // too_many_connections
]);

function isUnavailableOne(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (NETWORK_CODES.has(code)) return true;
    // Class 08: connection exception (08000, 08003, 08006, 08001, 08004, …).
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    if (UNAVAILABLE_SQLSTATES.has(code)) return true;
    // object_not_in_prerequisite_state, as sent for `allow_connections false`.
    if (code === "55000" && typeof message === "string" && /is not currently accepting connections/i.test(message)) return true;
  }
  return typeof message === "string" && NETWORK_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when `error`, or anything it wraps (`cause`, as drizzle's DrizzleQueryError does, or the
 * `errors` of an AggregateError, as Node's connect gives for a host with several addresses), says
 * the database is unavailable.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length && seen.size < 20) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailableOne(current)) return true;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}
