import { InngestTestEngine } from "@inngest/test";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts, deliveries, events } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { testDeps } from "@/test/support/inngest";
import { createRetentionFunction } from "./retention";

const DAY = 86_400_000;

describe("retention function", () => {
  const database = useTestDatabase();

  it("deletes events past the retention period with their deliveries and attempts, and keeps the rest", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook" });
    const old = await makeEvent(db, program.id, { receivedAt: new Date(Date.now() - 31 * DAY), fannedOutAt: new Date(Date.now() - 31 * DAY) });
    const recent = await makeEvent(db, program.id, { receivedAt: new Date(Date.now() - 29 * DAY) });
    const oldDelivery = await makeDelivery(db, old, connector.id, { status: "succeeded", attemptCount: 1 });
    await db.insert(attempts).values({
      deliveryId: oldDelivery.id,
      number: 1,
      startedAt: old.receivedAt,
      durationMs: 12,
      url: "http://127.0.0.1:9/hook",
      requestHeaders: {},
      requestBody: "[]",
      responseStatus: 204,
      success: true,
    });

    const t = new InngestTestEngine({ function: createRetentionFunction(testDeps(db, { retentionDays: 30 })) });
    const { result } = await t.execute();

    expect(result).toEqual({ retentionDays: 30, deleted: 1 });
    const left = await db.select({ id: events.id }).from(events).where(inArray(events.id, [old.id, recent.id]));
    expect(left.map((e) => e.id)).toEqual([recent.id]);
    expect(await db.select().from(deliveries).where(inArray(deliveries.id, [oldDelivery.id]))).toEqual([]);
    expect(await db.select().from(attempts).where(inArray(attempts.deliveryId, [oldDelivery.id]))).toEqual([]);
  });
});
