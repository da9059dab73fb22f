import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { testDeps } from "@/test/support/inngest";
import { createSweepFunction } from "./sweep";

const MINUTE = 60_000;

describe("sweep function", () => {
  const database = useTestDatabase();
  const ago = (ms: number) => new Date(Date.now() - ms);

  it("re-sends events and deliveries Inngest never acknowledged, and marks the deliveries dispatched", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook" });
    const lostEvent = await makeEvent(db, program.id, { receivedAt: ago(2 * MINUTE) });
    const freshEvent = await makeEvent(db, program.id);
    const fannedOut = await makeEvent(db, program.id, { receivedAt: ago(5 * MINUTE), fannedOutAt: ago(5 * MINUTE) });
    const neverSent = await makeDelivery(db, fannedOut, connector.id, { createdAt: ago(2 * MINUTE) });
    const stuckEvent = await makeEvent(db, program.id, { receivedAt: ago(60 * MINUTE), fannedOutAt: ago(60 * MINUTE) });
    const stuck = await makeDelivery(db, stuckEvent, connector.id, {
      status: "retrying",
      createdAt: ago(60 * MINUTE),
      dispatchedAt: ago(60 * MINUTE),
      nextAttemptAt: ago(30 * MINUTE),
    });

    const t = new InngestTestEngine({ function: createSweepFunction(testDeps(db)) });
    const { result, ctx } = await t.execute({
      steps: [
        { id: "resend-events", handler: () => ({ ids: ["e"] }) },
        { id: "resend-deliveries", handler: () => ({ ids: ["d1", "d2"] }) },
      ],
    });

    expect(result).toEqual({ events: 1, deliveries: 2 });
    const calls = Object.fromEntries(ctx.step.sendEvent.mock.calls.map(([id, payload]) => [String(id), payload]));
    expect(calls["resend-events"]).toEqual([
      expect.objectContaining({ name: "hub/event.received", data: { eventId: lostEvent.id }, id: expect.stringMatching(`^hub-event-${lostEvent.id}-sweep-`) }),
    ]);
    expect(JSON.stringify(calls["resend-events"])).not.toContain(freshEvent.id);
    expect(calls["resend-deliveries"]).toEqual([
      expect.objectContaining({ data: { deliveryId: stuck.id, connectorId: connector.id }, id: expect.stringMatching(`^hub-delivery-${stuck.id}-resend-`) }),
      // The fan-out's own event id: if that send did reach Inngest, this one starts nothing.
      expect.objectContaining({ data: { deliveryId: neverSent.id, connectorId: connector.id }, id: `hub-delivery-${neverSent.id}` }),
    ]);
    for (const id of [neverSent.id, stuck.id]) {
      const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
      expect(row!.dispatchedAt!.getTime()).toBeGreaterThan(Date.now() - MINUTE);
    }
  });

  it("sends nothing when everything was acknowledged", async () => {
    const { db } = database();
    // A clock a day back: every row the first test left is newer than that.
    const t = new InngestTestEngine({ function: createSweepFunction(testDeps(db, { now: () => ago(24 * 60 * MINUTE) })) });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ events: 0, deliveries: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });
});
