import net from "node:net";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { loginAddressThrottles } from "@/db/schema";
import { parseIPv6 } from "@/lib/delivery/attempts/ssrf";

const WINDOW_US = 60_000_000;

/**
 * The key a sign-in attempt is counted under, from the request's X-Forwarded-For. Next.js fills
 * that header with the peer's address only when the request has none, and never appends to it.
 * So behind `trustedProxyHops` proxies (each appending the address it saw) the client is that many
 * entries from the right; with no proxy the one entry is the peer's address, unless the client sent
 * a header of its own, which the app cannot tell apart (the per-email lock still applies).
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  // Fewer entries than proxies: the request skipped a proxy; the leftmost is all there is.
  return addressKey(hops[Math.max(0, hops.length - Math.max(trustedProxyHops, 1))]!);
}

/**
 * One key per IPv4 address and per IPv6 /64 (what one subscriber is usually given, so a client
 * cannot step through its own addresses), without the port some proxies append.
 */
function addressKey(entry: string): string {
  const address = /^\[(.*)\](:\d+)?$/.exec(entry)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry)?.[1] ?? entry;
  const family = net.isIP(address);
  if (family === 4) return address;
  if (family !== 6) return entry.slice(0, 100);
  const value = parseIPv6(address);
  // ::ffff:a.b.c.d is the IPv4 client a dual-stack socket reports.
  if (value >> 32n === 0xffffn) return [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 0xffn).join(".");
  const groups = [112n, 96n, 80n, 64n].map((shift) => ((value >> shift) & 0xffffn).toString(16));
  return `${groups.join(":")}::/64`;
}

/**
 * Reserves one sign-in attempt for a client address: `perMinute` may come at once, then one every
 * 1/perMinute of a minute (GCRA over one row per address). One upsert under the row's lock, so
 * parallel attempts can never share a slot. Returns false when the address is over its limit.
 */
export async function reserveAddressAttempt(db: Db, address: string, perMinute: number, now: Date): Promise<boolean> {
  const t = loginAddressThrottles;
  // Whole microseconds (the column's precision): `perMinute` steps add up to at most one window.
  const step = sql`${Math.floor(WINDOW_US / perMinute)} * interval '1 microsecond'`;
  const next = sql`greatest(${t.theoreticalArrivalAt}, ${now}::timestamptz) + ${step}`;
  const rows = await db
    .insert(t)
    .values({ address, theoreticalArrivalAt: sql`${now}::timestamptz + ${step}` })
    .onConflictDoUpdate({
      target: t.address,
      set: { theoreticalArrivalAt: next },
      setWhere: sql`${next} <= ${now}::timestamptz + ${WINDOW_US} * interval '1 microsecond'`,
    })
    .returning({ address: t.address });
  return rows.length > 0;
}
