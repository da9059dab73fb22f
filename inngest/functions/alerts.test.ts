import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector } from "@/test/support/factories";
import { testDeps } from "@/test/support/inngest";
import { useReceivers } from "@/test/support/processes";
import { createAlertsFunction } from "./alerts";

describe("alerts function", () => {
  const database = useTestDatabase();
  const startReceiver = useReceivers();

  it("opens the episode of a failing connector and sends its operational event, once", async () => {
    const { db } = database();
    const ops = await startReceiver();
    const destination = await makeConnector(db, { active: true, notificationUrl: ops.url });
    const connector = await makeConnector(db, {
      active: true,
      notificationUrl: "http://127.0.0.1:9/hook",
      consecutiveFailures: 6,
      alertDestinationId: destination.id,
    });
    const run = () => new InngestTestEngine({ function: createAlertsFunction(testDeps(db)) }).execute();

    const { result } = await run();
    const made = await db.select().from(alerts).where(eq(alerts.connectorId, connector.id));
    expect(made.map((a) => a.kind)).toEqual(["connector.failing"]);
    expect(result).toEqual({ alerts: [{ id: made[0]!.id, kind: "connector.failing" }], delivered: 1, notDelivered: 0 });
    expect(ops.received.map((r) => r.headers["x-qualifio-event"])).toEqual(["connector.failing"]);

    expect((await run()).result).toEqual({ alerts: [], delivered: 0, notDelivered: 0 });
    expect(ops.received).toHaveLength(1);
  });
});
