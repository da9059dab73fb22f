import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { leaseOf, setLease } from "@/test/support/leases";
import { rowsOf } from "@/db/sql";
import { claimDelivery, claimDue as claimDueResult, EXPIRED_LEASE_KEEP_MS, releaseLeases, sweepExpiredLeases, vacuumLeases, type ClaimLane } from "./lease";

const database = useTestDatabase();
type Db = ReturnType<typeof database>["db"];
const claimDue = async (db: Db, input: { owner: string; lanes: ClaimLane[] }) => (await claimDueResult(db, input)).deliveries;

/** A live connector allowing `cap` requests in flight, with `count` deliveries due. */
async function connectorWithDue(cap: number, count: number) {
  const { db } = database();
  const program = await makeProgram(db);
  const connector = await makeConnector(db, { notificationUrl: "https://hooks.example.com/in", active: true, maxInFlight: cap });
  const due = new Date(Date.now() - 60_000);
  for (let i = 0; i < count; i++) {
    const event = await makeEvent(db, program.id);
    await makeDelivery(db, { ...event, programId: program.id }, connector.id, { nextAttemptAt: new Date(due.getTime() + i) });
  }
  return connector.id;
}

describe("claimDue", () => {
  it("takes the oldest due deliveries up to the connector's cap, and nothing more while their leases run", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(2, 5);
    const first = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] });
    expect(first).toHaveLength(2);
    expect(await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] })).toEqual([]);
    expect(await claimDue(db, { owner: "worker-b", lanes: [{ connectorId, limit: 10 }] })).toEqual([]);
  });

  it("does not count the claimer's answered leases as in flight, but still counts everyone else's", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(2, 5);
    const first = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] });
    const answered = first.map((d) => d.id);
    // worker-a's two requests have ended and wait to be recorded: two more may go.
    const next = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, answered }] });
    expect(next).toHaveLength(2);
    expect(next.map((d) => d.id)).not.toEqual(expect.arrayContaining(answered));
    // Another process naming worker-a's leases does not free their slots.
    expect(await claimDue(db, { owner: "worker-b", lanes: [{ connectorId, limit: 10, answered }] })).toEqual([]);
    // Answered leases are never claimed again, though they no longer count.
    const again = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, answered: [...answered, ...next.map((d) => d.id)] }] });
    expect(again).toHaveLength(1);
    expect([...answered, ...next.map((d) => d.id)]).not.toContain(again[0]!.id);
  });

  it("lets an owner queue `ahead` leases beyond its cap, says how many it may send, and counts its queue against everyone else", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(3, 10);
    // worker-b has one request in flight: worker-a may send 2, and hold 2 more queued (no more
    // than it may send).
    const b = await claimDueResult(db, { owner: "worker-b", lanes: [{ connectorId, limit: 1 }] });
    expect(b.deliveries).toHaveLength(1);
    expect(b.sendable.get(connectorId)).toBe(3);
    const a = await claimDueResult(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, ahead: 3 }] });
    expect(a.deliveries).toHaveLength(4);
    expect(a.sendable.get(connectorId)).toBe(2);
    // Oldest due first, and no lease taken twice.
    const due = await db.select({ id: deliveries.id, at: deliveries.nextAttemptAt }).from(deliveries).where(eq(deliveries.connectorId, connectorId)).orderBy(deliveries.nextAttemptAt);
    expect(a.deliveries.map((d) => d.id)).toEqual(due.slice(1, 5).map((d) => d.id));
    // worker-a holds 4 leases (its queue included): worker-b may send none of the cap's 3 now.
    const again = await claimDueResult(db, { owner: "worker-b", lanes: [{ connectorId, limit: 10, ahead: 3 }] });
    expect(again.deliveries).toEqual([]);
    expect(again.sendable.get(connectorId)).toBe(0);
    // worker-a's own leases (less the answered ones) still count against its allowance.
    expect((await claimDueResult(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, ahead: 3 }] })).deliveries).toEqual([]);
    const more = await claimDueResult(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10, ahead: 3, answered: a.deliveries.slice(0, 2).map((d) => d.id) }] });
    expect(more.deliveries).toHaveLength(2);
  });

  it("takes over a lease that ran out (its holder died), and leaves a live one alone", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(5, 2);
    const [older, newer] = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.connectorId, connectorId)).orderBy(deliveries.nextAttemptAt);
    await setLease(db, older!.id, "dead-worker", new Date(Date.now() - 1000));
    await setLease(db, newer!.id, "live-worker", new Date(Date.now() + 60_000));
    const claimed = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 10 }] });
    expect(claimed.map((d) => d.id)).toEqual([older!.id]);
    expect((await leaseOf(db, older!.id))?.owner).toBe("worker-a");
    expect((await leaseOf(db, older!.id))!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect((await leaseOf(db, newer!.id))?.owner).toBe("live-worker");
    // One delivery at a time (Inngest runs, replays): the same rule.
    expect((await claimDelivery(db, newer!.id, "worker-b")).kind).toBe("leased");
    await setLease(db, newer!.id, "live-worker", new Date(Date.now() - 1000));
    expect((await claimDelivery(db, newer!.id, "worker-b")).kind).toBe("claimed");
    expect((await leaseOf(db, newer!.id))?.owner).toBe("worker-b");
  });
});

describe("releaseLeases and sweepExpiredLeases", () => {
  it("gives back only the owner's leases", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(5, 2);
    const [mine, theirs] = await claimDue(db, { owner: "worker-a", lanes: [{ connectorId, limit: 2 }] });
    await setLease(db, theirs!.id, "worker-b", new Date(Date.now() + 60_000));
    await releaseLeases(db, [mine!.id, theirs!.id], "worker-a");
    expect(await leaseOf(db, mine!.id)).toBeNull();
    expect((await leaseOf(db, theirs!.id))?.owner).toBe("worker-b");
  });

  it("removes leases that ran out over a minute ago, and only those", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(5, 3);
    const [stale, recent, live] = await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.connectorId, connectorId));
    await setLease(db, stale!.id, "dead-worker", new Date(Date.now() - EXPIRED_LEASE_KEEP_MS - 5000));
    await setLease(db, recent!.id, "dead-worker", new Date(Date.now() - 1000));
    await setLease(db, live!.id, "worker-a", new Date(Date.now() + 60_000));
    expect(await sweepExpiredLeases(db)).toBe(1);
    expect(await leaseOf(db, stale!.id)).toBeNull();
    expect(await leaseOf(db, recent!.id)).not.toBeNull();
    expect(await leaseOf(db, live!.id)).not.toBeNull();
  });
});

describe("vacuumLeases", () => {
  it("lets the lease table reuse the room of removed leases instead of growing with every attempt", async () => {
    const { db } = database();
    const connectorId = await connectorWithDue(1, 0);
    const size = async () => Number(rowsOf<{ bytes: number }>(await db.execute(sql`select pg_relation_size('delivery_leases') as bytes`))[0]!.bytes);
    // A round of attempts: each takes a lease and removes it.
    const churn = async () => {
      await db.execute(sql`
        insert into delivery_leases (delivery_id, connector_id, owner, expires_at)
        select gen_random_uuid(), ${connectorId}, 'worker-a', now() + interval '1 minute' from generate_series(1, 2000)`);
      await db.execute(sql`delete from delivery_leases where connector_id = ${connectorId}`);
    };
    await churn();
    await vacuumLeases(db);
    const afterOne = await size();
    for (let i = 0; i < 3; i++) {
      await churn();
      await vacuumLeases(db);
    }
    expect(afterOne).toBeGreaterThan(0);
    expect(await size()).toBeLessThanOrEqual(afterOne);
  });
});

describe("the claim and JIT compilation", () => {
  // With a large backlog the claim's estimated cost crosses jit_above_cost; compiling it then took
  // about 35 ms of a claim that runs in well under a millisecond (docs/decisions/005).
  it("never compiles the claim: the function and the engine's sessions turn JIT off", async () => {
    const { db, engineDb, kind } = database();
    const [fn] = rowsOf<{ config: string[] | null }>(await db.execute(sql`select proconfig as config from pg_proc where proname = 'hub_claim_due'`));
    expect(fn?.config).toContain("jit=off");
    if (kind === "postgres") {
      const [session] = rowsOf<{ jit: string }>(await engineDb.execute(sql`select current_setting('jit') as jit`));
      expect(session?.jit).toBe("off");
    }
  });
});
