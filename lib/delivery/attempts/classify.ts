/** "config": the hub could not build the request (a stored secret no longer decrypts). */
export type AttemptErrorCode = "timeout" | "refused" | "dns" | "blocked" | "redirect" | "http" | "network" | "tls" | "config";

export type Classification = { success: true; errorCode: null } | { success: false; errorCode: "redirect" | "http" };

/**
 * What an HTTP status means for a delivery: only 2xx is a success. A 3xx is a failure of its own
 * kind because redirects are never followed (see send.ts); everything else is retried.
 */
export function classify(status: number): Classification {
  if (status >= 200 && status < 300) return { success: true, errorCode: null };
  if (status >= 300 && status < 400) return { success: false, errorCode: "redirect" };
  return { success: false, errorCode: "http" };
}

/** Statuses whose Retry-After the hub honours ("slow down" and "come back later"). */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}
