import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, events } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeEvent, makeProgram, makePushRule } from "@/test/support/factories";
import { testDeps } from "@/test/support/inngest";
import { programWithRules } from "@/test/support/pipeline";
import { createFanOutFunction } from "./fan-out";

describe("fan-out function", () => {
  const database = useTestDatabase();

  function run(eventId: string) {
    const t = new InngestTestEngine({ function: createFanOutFunction(testDeps(database().db)) });
    return t.execute({
      events: [{ name: "hub/event.received", data: { eventId } }],
      // Stands in for Inngest accepting the events.
      steps: [{ id: "request-deliveries", handler: () => ({ ids: ["evt-1", "evt-2"] }) }],
    });
  }

  it("creates one delivery per active connector and requests them all with one sendEvent", async () => {
    const { db } = database();
    const { program, first, second } = await programWithRules(db);
    const otherType = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/d" });
    await makePushRule(db, program.id, "points.burned", otherType.id);
    const event = await makeEvent(db, program.id, { type: "points.earned" });

    const { result, ctx } = await run(event.id);

    expect(result).toEqual({ deliveries: 2 });
    const rows = await db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
    expect(rows.map((r) => r.connectorId).sort()).toEqual([first.id, second.id].sort());
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    const [stepId, payload] = ctx.step.sendEvent.mock.calls[0]!;
    expect(stepId).toBe("request-deliveries");
    expect(payload).toHaveLength(2);
    expect(payload).toEqual(
      expect.arrayContaining(
        rows.map((r) =>
          expect.objectContaining({
            name: "hub/delivery.requested",
            id: `hub-delivery-${r.id}`,
            data: { deliveryId: r.id, connectorId: r.connectorId },
          }),
        ),
      ),
    );
    expect(rows.every((r) => r.dispatchedAt instanceof Date)).toBe(true);
    const [stored] = await db.select().from(events).where(eq(events.id, event.id));
    expect(stored!.fannedOutAt).toBeInstanceOf(Date);
  });

  it("sends nothing when run again for the same event", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/a" });
    await makePushRule(db, program.id, "points.earned", connector.id);
    const event = await makeEvent(db, program.id, { type: "points.earned" });

    await run(event.id);
    const { result, ctx } = await run(event.id);

    expect(result).toEqual({ deliveries: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect(await db.select().from(deliveries).where(eq(deliveries.eventId, event.id))).toHaveLength(1);
  });

  it("stores an event no rule selects, with no delivery and nothing sent", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const event = await makeEvent(db, program.id, { type: "reward.offered" });

    const { result, ctx } = await run(event.id);

    expect(result).toEqual({ deliveries: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    const [stored] = await db.select().from(events).where(eq(events.id, event.id));
    expect(stored!.fannedOutAt).toBeInstanceOf(Date);
  });
});
