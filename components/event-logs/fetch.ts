import type { DeliveryLogPage, DeliveryStats } from "@/lib/delivery/logs/queries";

export const LIVE_INTERVAL_MS = 3_000;
export const STATS_INTERVAL_MS = 15_000;

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (response.status === 401) throw new Error("Your session has ended. Reload the page to sign in again.");
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body as T;
}

function withParams(path: string, query: string, extra: Record<string, string>) {
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function fetchPage(query: string, page: { before?: string; through?: string }, signal?: AbortSignal) {
  return getJson<DeliveryLogPage>(withParams("/api/event-logs", query, page), signal);
}

export function fetchStats(query: string, signal?: AbortSignal) {
  return getJson<DeliveryStats>(withParams("/api/event-logs/stats", query, {}), signal);
}
