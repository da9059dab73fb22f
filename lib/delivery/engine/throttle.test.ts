import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectors, connectorThrottles } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeCtx, makeProgram } from "@/test/support/factories";
import { ingestExample, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { reserveSendSlots } from "./throttle";
import { LocalWorker } from "./worker";

const database = useTestDatabase();
const startReceiver = useReceivers();

describe("reserveSendSlots", () => {
  it("lets a burst of `rate` sends go at once, then spaces them 1/rate apart, continuing across reservations", async () => {
    const { db } = database();
    const connector = await makeConnector(db);
    // Each wait is measured from the database clock at the end of its reservation, so it is exact
    // less the time that passed since the reservation began; the test measures that time instead
    // of assuming it is small.
    const near = (got: number, expected: number, elapsedMs: number) => {
      expect(got).toBeLessThanOrEqual(expected + 1);
      expect(got).toBeGreaterThanOrEqual(expected - Math.ceil(elapsedMs) - 1);
    };
    const startedAt = performance.now();
    const first = await reserveSendSlots(db, connector.id, 4, 6);
    const firstTook = performance.now() - startedAt;
    // 4 per second with a burst of 4: four at once, then one every 250 ms.
    expect(first.slice(0, 4)).toEqual([0, 0, 0, 0]);
    near(first[4]!, 250, firstTook);
    near(first[5]!, 500, firstTook);
    // Another process reserving right after waits behind what is already reserved: 750 ms after
    // the first reservation began.
    const [next] = await reserveSendSlots(db, connector.id, 4, 1);
    near(next!, 750, performance.now() - startedAt);
  });

  it("costs nothing for a connector without a limit", async () => {
    const { db } = database();
    const connector = await makeConnector(db);
    expect(await reserveSendSlots(db, connector.id, null, 3)).toEqual([0, 0, 0]);
    expect(await db.select().from(connectorThrottles).where(eq(connectorThrottles.connectorId, connector.id))).toHaveLength(0);
  });
});

describe("a connector's limits across workers", () => {
  it("two workers on one database share one rate limit", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const receiver = await startReceiver();
    const program = await makeProgram(db);
    const connectorId = await setUpConnector(admin, { url: receiver.url });
    await db.update(connectors).set({ rateLimitPerSecond: 5 }).where(eq(connectors.id, connectorId));
    await subscribe(db, program.id, connectorId, "points.earned");
    for (let i = 0; i < 15; i++) await ingestExample(db, program.id, "points.earned");

    // Each worker has its own runtime (as two processes would): only the database is shared.
    const workers = [0, 1].map(() => new LocalWorker(testRuntime(db), { pollIntervalMs: 50, log: () => undefined }));
    workers.forEach((w) => w.start());
    try {
      const got = await receiver.waitFor(15, 20_000);
      // At 5 per second with bursts of 5, any 11 consecutive sends span at least 1.2 s (11 ≤ 5 + 5t).
      // Two workers each pacing alone (10 per second, bursts of 10) could send them within 0.1 s.
      const at = got.map((r) => r.at).sort((a, b) => a - b);
      const tightest = Math.min(...at.slice(10).map((t, i) => t - at[i]!));
      expect(tightest).toBeGreaterThanOrEqual(1000);
      expect(new Set(got.map((r) => r.headers["x-qualifio-delivery"])).size).toBe(15);
    } finally {
      await Promise.all(workers.map((w) => w.stop(1000)));
    }
  });
});
