import { and, eq, gt, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectors, deliveryLeases } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { adminAndProgram, ingestExample, setUpConnector, subscribe, testRuntime, whileWorking } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { eventually } from "@/test/support/receiver";

const database = useTestDatabase();
const startReceiver = useReceivers();

describe("the local worker's wake-ups", () => {
  it("delivers announced work at once, without waiting for the poll, also while claims are running", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    const receiver = await startReceiver();
    const connectorId = await setUpConnector(admin, { url: receiver.url });
    await subscribe(db, program.id, connectorId, "points.earned");
    // A poll far beyond the test's patience: only announcements can get these delivered.
    await whileWorking(testRuntime(db), 60_000, async () => {
      // Several at a time, so announcements land while a claim is still at the database.
      for (let round = 0; round < 10; round++) {
        await Promise.all(Array.from({ length: 8 }, () => ingestExample(db, program.id, "points.earned")));
      }
      const got = await receiver.waitFor(80, 15_000);
      expect(new Set(got.map((r) => r.headers["x-qualifio-delivery"])).size).toBe(80);
    });
  });
});

describe("the local worker's queue", () => {
  /** Replies wait for `open()`. */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }
  const leasesOf = async (db: ReturnType<typeof database>["db"], connectorId: string) =>
    (await db.select({ id: deliveryLeases.deliveryId }).from(deliveryLeases).where(and(eq(deliveryLeases.connectorId, connectorId), gt(deliveryLeases.expiresAt, sql`clock_timestamp()`)))).length;

  it("holds a round of claimed deliveries behind the requests in flight, and never exceeds the connector's cap", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    const held = gate();
    const receiver = await startReceiver({ reply: async () => (await held.opened, { status: 204 }) });
    const connectorId = await setUpConnector(admin, { url: receiver.url });
    await db.update(connectors).set({ maxInFlight: 2 }).where(eq(connectors.id, connectorId));
    await subscribe(db, program.id, connectorId, "points.earned");
    for (let i = 0; i < 6; i++) await ingestExample(db, program.id, "points.earned");
    await whileWorking(testRuntime(db), 50, async () => {
      await receiver.waitFor(2, 10_000);
      // Two requests on the wire, and the next two already claimed: they go the moment a slot frees.
      await eventually(async () => (await leasesOf(db, connectorId)) === 4, 5000, "4 leases");
      expect(receiver.inFlight()).toBe(2);
      held.open();
      const got = await receiver.waitFor(6, 10_000);
      expect(new Set(got.map((r) => r.headers["x-qualifio-delivery"])).size).toBe(6);
      expect(receiver.maxInFlight()).toBe(2);
    });
  });

  it("sends nothing on a lease that no longer covers the request: what waited too long behind a slow request is claimed afresh", async () => {
    const { db } = database();
    const { admin, program } = await adminAndProgram(db);
    // A lease lasts the 1 s timeout plus a 400 ms margin; the first request takes 900 ms.
    const remaining: number[] = [];
    const receiver = await startReceiver({
      reply: async (n, request) => {
        const [row] = await db
          .select({ ms: sql<number>`extract(epoch from (${deliveryLeases.expiresAt} - clock_timestamp())) * 1000` })
          .from(deliveryLeases)
          .where(eq(deliveryLeases.deliveryId, String(request.headers["x-qualifio-delivery"])));
        remaining.push(Number(row!.ms));
        if (n === 1) await new Promise((r) => setTimeout(r, 900));
        return { status: 204 };
      },
    });
    const connectorId = await setUpConnector(admin, { url: receiver.url, timeoutMs: 1000 });
    await db.update(connectors).set({ maxInFlight: 1 }).where(eq(connectors.id, connectorId));
    await subscribe(db, program.id, connectorId, "points.earned");
    for (let i = 0; i < 3; i++) await ingestExample(db, program.id, "points.earned");
    await whileWorking(testRuntime(db, { leaseMarginMs: 400 }), 50, async () => {
      const got = await receiver.waitFor(3, 10_000);
      expect(new Set(got.map((r) => r.headers["x-qualifio-delivery"])).size).toBe(3);
      // Each request started with at least its timeout left on its lease.
      expect(Math.min(...remaining)).toBeGreaterThanOrEqual(1000);
    });
  });
});
