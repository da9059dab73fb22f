import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { attempts, connectors, deliveries } from "@/db/schema";
import { seal } from "@/lib/connectors/stored";
import { claimDelivery } from "@/lib/delivery/engine/lease";
import { useTestDatabase } from "@/test/support/db";
import { leaseOf } from "@/test/support/leases";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { startReceiver, type Receiver, type Reply } from "@/test/support/receiver";
import { testDeps } from "@/test/support/inngest";
import { createDeliverFunction } from "./deliver";

const SECRET = "whsec_inngest-test-secret";

describe("deliver function", () => {
  const database = useTestDatabase();
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  async function setup(reply: (n: number) => Reply, status: "pending" | "succeeded" = "pending") {
    const { db } = database();
    receiver = await startReceiver({ secrets: [SECRET], reply });
    const program = await makeProgram(db);
    const id = randomUUID();
    const connector = await makeConnector(db, { id, active: true, notificationUrl: receiver.url, secretEncrypted: seal(SECRET, id, "secret") });
    const event = await makeEvent(db, program.id);
    const delivery = await makeDelivery(db, event, connector.id, { status });
    return { db, receiver, connector, delivery };
  }

  /** A clock the mocked sleeps move forward, as time passes while Inngest holds the run. */
  function engine(db: Parameters<typeof testDeps>[0]) {
    let offset = 0;
    const t = new InngestTestEngine({
      function: createDeliverFunction(testDeps(db, { now: () => new Date(Date.now() + offset) })),
    });
    const sleep = (n: number) => ({ id: `wait-${n}`, handler: () => void (offset += 60_000) });
    return { t, sleep };
  }

  it("retries after a 500 and succeeds, recording two attempts under one delivery id", async () => {
    const { db, receiver, connector, delivery } = await setup((n) => ({ status: n === 1 ? 500 : 200 }));
    const { t, sleep } = engine(db);

    const { result, ctx } = await t.execute({
      events: [{ name: "hub/delivery.requested", data: { deliveryId: delivery.id, connectorId: connector.id } }],
      steps: [sleep(1)],
    });

    expect(result).toEqual({ done: true, status: "succeeded" });
    const rows = await db.select().from(attempts).where(eq(attempts.deliveryId, delivery.id)).orderBy(asc(attempts.number));
    expect(rows.map((a) => [a.number, a.responseStatus, a.success])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    // The run slept until the retry the core scheduled: 5 s after the first attempt.
    expect(ctx.step.sleepUntil).toHaveBeenCalledTimes(1);
    const [waitId, wakeAt] = ctx.step.sleepUntil.mock.calls[0]!;
    expect(waitId).toBe("wait-1");
    expect(Date.parse(String(wakeAt)) - rows[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(5_000);
    const [stored] = await db.select().from(deliveries).where(eq(deliveries.id, delivery.id));
    expect(stored).toMatchObject({ status: "succeeded", attemptCount: 2 });
    expect(await leaseOf(db, delivery.id)).toBeNull();
    expect(receiver.received).toHaveLength(2);
    for (const request of receiver.received) {
      expect(request.headers["x-qualifio-delivery"]).toBe(delivery.id);
      expect(request.qualifioValidFor).toEqual([SECRET]);
    }
  });

  it("skips a delivery that already succeeded", async () => {
    const { db, receiver, connector, delivery } = await setup(() => ({ status: 200 }), "succeeded");
    const { t } = engine(db);

    const { result, ctx } = await t.execute({
      events: [{ name: "hub/delivery.requested", data: { deliveryId: delivery.id, connectorId: connector.id } }],
    });

    expect(result).toEqual({ done: true, status: "succeeded" });
    expect(ctx.step.sleepUntil).not.toHaveBeenCalled();
    expect(receiver.received).toHaveLength(0);
    expect(await db.select().from(attempts).where(eq(attempts.deliveryId, delivery.id))).toHaveLength(0);
  });

  it("waits for another holder's lease instead of sending at the same time", async () => {
    const { db, receiver, connector, delivery } = await setup(() => ({ status: 200 }));
    expect((await claimDelivery(db, delivery.id, "another-process")).kind).toBe("claimed");
    const { t } = engine(db);

    const { result } = await t.executeStep("attempt-1", {
      events: [{ name: "hub/delivery.requested", data: { deliveryId: delivery.id, connectorId: connector.id } }],
    });

    expect(result).toEqual({ done: false, reason: "leased", wakeAt: (await leaseOf(db, delivery.id))!.expiresAt.toISOString() });
    expect(receiver.received).toHaveLength(0);
  });

  it("waits while the connector's own in-flight cap is full, whoever holds the slots", async () => {
    const { db, receiver, connector, delivery } = await setup(() => ({ status: 200 }));
    await db.update(connectors).set({ maxInFlight: 1 }).where(eq(connectors.id, connector.id));
    // Another delivery of the same connector is in flight elsewhere (a local worker, another run).
    const other = await makeDelivery(db, await makeEvent(db, delivery.programId), connector.id);
    expect((await claimDelivery(db, other.id, "another-process")).kind).toBe("claimed");
    const { t } = engine(db);

    const { result } = await t.executeStep("attempt-1", {
      events: [{ name: "hub/delivery.requested", data: { deliveryId: delivery.id, connectorId: connector.id } }],
    });

    expect(result).toMatchObject({ done: false, reason: "busy" });
    expect(receiver.received).toHaveLength(0);
  });
});
