import { createHash, timingSafeEqual } from "node:crypto";
import { getDb, type Queryable } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { backlog } from "./backlog";
import { metrics } from "./metrics";

/**
 * Who may read /api/metrics: a scraper presenting METRICS_TOKEN as a bearer token, or a signed-in
 * admin (the numbers name every connector). Without a token configured, only the session works.
 */
export async function scrapeAccess(
  request: Request,
  token: string | undefined,
  actor: () => Promise<Actor | null>,
): Promise<"allowed" | "unauthenticated" | "forbidden"> {
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization")?.trim() ?? "")?.[1];
  if (token && presented && sameSecret(presented, token)) return "allowed";
  const who = await actor();
  if (!who) return "unauthenticated";
  return can(who.role, "metrics.read") ? "allowed" : "forbidden";
}

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit that times the prefix. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The process's counters and histograms, with the backlog gauges read from the database now. When
 * the database does not answer the gauges read NaN, and the in-process counters still go out.
 */
export async function scrapeMetrics(db: Queryable = getDb()): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const b = await backlog(db).catch(() => ({ due: NaN, retrying: NaN, oldestDueAgeSeconds: NaN }));
  m.due.set(b.due);
  m.retrying.set(b.retrying);
  m.oldestDueAge.set(b.oldestDueAgeSeconds);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
