import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { connectors, type Connector } from "@/db/schema";
import { unsealConnectorSecrets, type ConnectorSecrets } from "@/lib/connectors/queries";
import type { SignatureScheme } from "@/lib/delivery/attempts/request";

/*
 * What an attempt needs from its connector, decrypted once per connector version instead of once per
 * attempt. Every change to a connector bumps its updated_at, and every claim returns the version it
 * saw (lease.ts), so an attempt never uses settings older than its claim: a stale entry is reloaded
 * before the request is built, in this process or any other.
 */

export type DeliveryConnector = {
  id: string;
  version: number;
  notificationUrl: string | null;
  signatureScheme: SignatureScheme;
  timeoutMs: number;
  maxInFlight: number;
  rateLimitPerSecond: number | null;
  active: boolean;
  deleted: boolean;
  /** Decrypted material; `now` decides whether a rotated-out secret still signs. Throws when it no longer decrypts. */
  secrets(now: Date): ConnectorSecrets;
};

function toEntry(row: Connector): DeliveryConnector {
  let unsealed: { secrets: ConnectorSecrets; error?: undefined } | { error: unknown };
  try {
    // Decrypted as of the epoch, so a rotated-out secret is kept: whether it still signs depends on
    // each attempt's time (secrets(now) below).
    unsealed = { secrets: unsealConnectorSecrets(row, new Date(0)) };
  } catch (error) {
    unsealed = { error };
  }
  const previousUntil = row.previousSecretExpiresAt?.getTime() ?? 0;
  return {
    id: row.id,
    version: row.updatedAt.getTime(),
    notificationUrl: row.notificationUrl,
    signatureScheme: row.signatureScheme,
    timeoutMs: row.timeoutMs,
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    active: row.active,
    deleted: row.deletedAt !== null,
    secrets(now) {
      if ("error" in unsealed && unsealed.error !== undefined) throw unsealed.error;
      const { secrets } = unsealed as { secrets: ConnectorSecrets };
      return previousUntil > now.getTime() ? secrets : { ...secrets, previousSecret: null };
    },
  };
}

export class ConnectorCache {
  private readonly entries = new Map<string, DeliveryConnector>();

  /** The connector at `version` (or newer), from the cache when it is that version. */
  async get(db: Db, id: string, version?: Date): Promise<DeliveryConnector | null> {
    const cached = this.cached(id, version);
    if (cached) return cached;
    const [row] = await db.select().from(connectors).where(eq(connectors.id, id));
    if (!row) {
      this.entries.delete(id);
      return null;
    }
    return this.put(row);
  }

  /** The cached connector when it is at `version` (or newer), without waiting: the hot path's common case. */
  cached(id: string, version?: Date): DeliveryConnector | undefined {
    const cached = this.entries.get(id);
    return cached && (version === undefined || cached.version >= version.getTime()) ? cached : undefined;
  }

  /** Every connector that can receive deliveries (live, with a URL), refreshing the cache. */
  async deliverable(db: Db): Promise<DeliveryConnector[]> {
    const rows = await db
      .select()
      .from(connectors)
      .where(and(isNull(connectors.deletedAt), isNotNull(connectors.notificationUrl)));
    const live = new Set(rows.map((r) => r.id));
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    return rows.map((row) => this.put(row));
  }

  private put(row: Connector): DeliveryConnector {
    const cached = this.entries.get(row.id);
    if (cached && cached.version === row.updatedAt.getTime()) return cached;
    const entry = toEntry(row);
    this.entries.set(row.id, entry);
    return entry;
  }
}

const key = Symbol.for("integrations-hub.connector-cache");
type Holder = { [key]?: ConnectorCache };

/** The process's cache, shared by the local worker, replays and Inngest steps. */
export function processConnectorCache(): ConnectorCache {
  return ((globalThis as Holder)[key] ??= new ConnectorCache());
}
