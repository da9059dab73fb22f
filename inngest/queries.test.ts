import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { setLease } from "@/test/support/leases";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { markDispatched, undispatchedDeliveries, unacknowledgedDeliveries, unacknowledgedEvents } from "./queries";

const MINUTE = 60_000;

describe("Inngest sweep queries", () => {
  const database = useTestDatabase();
  const ago = (ms: number) => new Date(Date.now() - ms);

  async function fixture() {
    const { db } = database();
    const program = await makeProgram(db);
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook" });
    const event = await makeEvent(db, program.id, { fannedOutAt: new Date() });
    const delivery = (connectorId: string, overrides: Parameters<typeof makeDelivery>[3]) =>
      makeDelivery(db, event, connectorId, overrides);
    return { db, program, connector, event, delivery };
  }

  it("finds events still not fanned out a minute after they were received", async () => {
    const { db, program } = await fixture();
    const lost = await makeEvent(db, program.id, { receivedAt: ago(2 * MINUTE) });
    const fresh = await makeEvent(db, program.id, { receivedAt: ago(10_000) });
    const done = await makeEvent(db, program.id, { receivedAt: ago(2 * MINUTE), fannedOutAt: ago(MINUTE) });

    const found = await unacknowledgedEvents(db, new Date());

    expect(found).toContain(lost.id);
    expect(found).not.toContain(fresh.id);
    expect(found).not.toContain(done.id);
  });

  it("finds deliveries Inngest never acknowledged, after a minute", async () => {
    const { connector, delivery, db } = await fixture();
    const lost = await delivery(connector.id, { createdAt: ago(2 * MINUTE) });
    const fresh = await delivery((await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/x" })).id, {});

    const found = await unacknowledgedDeliveries(db, new Date());

    expect(found).toContainEqual({ deliveryId: lost.id, connectorId: connector.id, resend: false });
    expect(found.map((d) => d.deliveryId)).not.toContain(fresh.id);
  });

  it("finds acknowledged deliveries over ten minutes overdue with no lease, once per ten minutes", async () => {
    const { db, delivery } = await fixture();
    const make = async (overrides: Parameters<typeof makeDelivery>[3]) => {
      const c = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook" });
      return delivery(c.id, { status: "retrying", createdAt: ago(60 * MINUTE), ...overrides });
    };
    const stuck = await make({ dispatchedAt: ago(20 * MINUTE), nextAttemptAt: ago(15 * MINUTE) });
    const sleeping = await make({ dispatchedAt: ago(20 * MINUTE), nextAttemptAt: new Date(Date.now() + 60 * MINUTE) });
    const slightlyLate = await make({ dispatchedAt: ago(20 * MINUTE), nextAttemptAt: ago(2 * MINUTE) });
    const leased = await make({ dispatchedAt: ago(20 * MINUTE), nextAttemptAt: ago(15 * MINUTE) });
    await setLease(db, leased.id, "a-worker", new Date(Date.now() + MINUTE));
    const resentRecently = await make({ dispatchedAt: ago(3 * MINUTE), nextAttemptAt: ago(15 * MINUTE) });
    const finished = await make({ status: "succeeded", dispatchedAt: ago(20 * MINUTE), nextAttemptAt: ago(15 * MINUTE) });

    const found = await unacknowledgedDeliveries(db, new Date());

    expect(found).toContainEqual(expect.objectContaining({ deliveryId: stuck.id, resend: true }));
    for (const other of [sleeping, slightlyLate, leased, resentRecently, finished]) {
      expect(found.map((d) => d.deliveryId)).not.toContain(other.id);
    }
  });

  it("leaves deliveries of an inactive or deleted connector alone, except test deliveries", async () => {
    const { db, program, delivery } = await fixture();
    const inactive = await makeConnector(db, { active: false, notificationUrl: "http://127.0.0.1:9/off" });
    const deleted = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/gone", deletedAt: new Date() });
    const waiting = await delivery(inactive.id, { createdAt: ago(2 * MINUTE) });
    const orphan = await delivery(deleted.id, { createdAt: ago(2 * MINUTE) });
    const testEvent = await makeEvent(db, program.id, { test: true, targetConnectorId: inactive.id, fannedOutAt: new Date() });
    const testDelivery = await makeDelivery(db, testEvent, inactive.id, { createdAt: ago(2 * MINUTE) });

    const found = (await unacknowledgedDeliveries(db, new Date())).map((d) => d.deliveryId);

    expect(found).not.toContain(waiting.id);
    expect(found).not.toContain(orphan.id);
    expect(found).toContain(testDelivery.id);
  });

  it("lists open deliveries not yet dispatched, and marks them dispatched", async () => {
    const { db, connector, delivery } = await fixture();
    const other = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/o" });
    const third = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/t" });
    const open = await delivery(connector.id, {});
    const done = await delivery(other.id, { status: "failed" });
    const sent = await delivery(third.id, { dispatchedAt: new Date() });

    const targets = await undispatchedDeliveries(db, [open.id, done.id, sent.id]);
    expect(targets).toEqual([{ deliveryId: open.id, connectorId: connector.id }]);

    const now = new Date();
    await markDispatched(db, [open.id], now);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.id, open.id));
    expect(row!.dispatchedAt).toEqual(now);
    expect(await undispatchedDeliveries(db, [open.id])).toEqual([]);
  });
});
