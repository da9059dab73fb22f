import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { deliveryLeases } from "@/db/schema";

/** A delivery's lease as stored (expired or not), or null when nobody holds one. */
export async function leaseOf(db: Queryable, deliveryId: string): Promise<{ owner: string; expiresAt: Date } | null> {
  const [lease] = await db
    .select({ owner: deliveryLeases.owner, expiresAt: deliveryLeases.expiresAt })
    .from(deliveryLeases)
    .where(eq(deliveryLeases.deliveryId, deliveryId));
  return lease ?? null;
}

/** Gives the delivery's lease to `owner` until `expiresAt`, as a claim by that process would. */
export async function setLease(db: Queryable, deliveryId: string, owner: string, expiresAt: Date): Promise<void> {
  await db.execute(sql`
    insert into delivery_leases (delivery_id, connector_id, owner, expires_at)
    select id, connector_id, ${owner}, ${expiresAt.toISOString()}::timestamptz from deliveries where id = ${deliveryId}
    on conflict (delivery_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
  `);
}
