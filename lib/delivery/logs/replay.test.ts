import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectors, deliveries } from "@/db/schema";
import { fanOutEvent } from "@/lib/delivery/engine/fanout";
import { releaseLease } from "@/lib/delivery/engine/lease";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { setLease } from "@/test/support/leases";
import { attemptsOf, deliveriesOf, ingestExample, setUpConnector, subscribe, testRuntime } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { getDeliveryDetail } from "./delivery-queries";
import { countFailedSince, replayFailedBatch, resendDelivery } from "./replay";

const database = useTestDatabase();
const startReceiver = useReceivers();

/** A connector with `n` failed deliveries (status set directly: the failures themselves are tested elsewhere). */
async function failedDeliveries(n: number) {
  const { db } = database();
  const admin = await makeCtx(db, "admin");
  const receiver = await startReceiver({ secrets: ["resend-secret-0123456789"] });
  const program = await makeProgram(db);
  const connectorId = await setUpConnector(admin, { url: receiver.url, secret: "resend-secret-0123456789" });
  await subscribe(db, program.id, connectorId, "points.earned");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const eventId = await ingestExample(db, program.id, "points.earned");
    const { deliveryIds } = await fanOutEvent(db, eventId);
    await db.update(deliveries).set({ status: "failed", attemptCount: 8, nextAttemptAt: null }).where(eq(deliveries.id, deliveryIds[0]!));
    ids.push(deliveryIds[0]!);
  }
  return { admin, receiver, connectorId, ids };
}

describe("resend", () => {
  it("sends the same body again as a new attempt on the same delivery id", async () => {
    const { db } = database();
    const { admin, receiver, ids } = await failedDeliveries(1);
    const outcome = await resendDelivery(admin, { deliveryId: ids[0] }, testRuntime(db));
    expect(outcome).toMatchObject({ kind: "attempted", success: true, status: "succeeded" });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers["x-qualifio-delivery"]).toBe(ids[0]);
    expect(receiver.received[0]!.qualifioValidFor).toHaveLength(1);
    const [attempt] = await attemptsOf(db, ids[0]!);
    expect(attempt).toMatchObject({ trigger: "replay", success: true, number: 9 });
    const again = await resendDelivery(admin, { deliveryId: ids[0] }, testRuntime(db));
    expect(again).toMatchObject({ success: true });
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
  });

  it("waits for a free slot of the connector's in-flight cap, then sends", async () => {
    const { db } = database();
    const { admin, receiver, connectorId, ids } = await failedDeliveries(2);
    await db.update(connectors).set({ maxInFlight: 1 }).where(eq(connectors.id, connectorId));
    // The other delivery holds the connector's only slot, as a worker's attempt in flight would.
    await setLease(db, ids[1]!, "worker-x", new Date(Date.now() + 60_000));
    const resend = resendDelivery(admin, { deliveryId: ids[0] }, testRuntime(db));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(0);
    await releaseLease(db, ids[1]!, "worker-x");
    expect(await resend).toMatchObject({ kind: "attempted", success: true });
    expect(receiver.received).toHaveLength(1);
  });

  it("is refused to a marketer, and sends nothing", async () => {
    const { db } = database();
    const { receiver, ids } = await failedDeliveries(1);
    const marketer = await makeCtx(db, "marketer");
    await expect(resendDelivery(marketer, { deliveryId: ids[0] }, testRuntime(db))).rejects.toBeInstanceOf(ForbiddenError);
    expect(receiver.received).toHaveLength(0);
  });

  it("shows up on the delivery page with its request and response", async () => {
    const { db } = database();
    const { admin, ids } = await failedDeliveries(1);
    await resendDelivery(admin, { deliveryId: ids[0] }, testRuntime(db));
    const detail = await getDeliveryDetail(db, ids[0]!, "admin");
    expect(detail?.delivery.status).toBe("succeeded");
    expect(detail?.attempts.at(-1)).toMatchObject({ responseStatus: 204, trigger: "replay" });
    expect(detail?.attempts.at(-1)?.requestHeaders["X-Qualifio-Signature"]).toBe("[redacted]");
  });
});

describe("replay failed deliveries since a time", () => {
  it("previews the count, then replays in batches until done", async () => {
    const { db } = database();
    const { admin, receiver, connectorId, ids } = await failedDeliveries(5);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect(await countFailedSince(admin, { connectorId, since })).toBe(5);
    const first = await replayFailedBatch(admin, { connectorId, since, limit: 3 }, testRuntime(db));
    expect(first).toMatchObject({ replayed: 3, succeeded: 3, done: false });
    const second = await replayFailedBatch(admin, { connectorId, since, after: first.after, limit: 3 }, testRuntime(db));
    expect(second).toMatchObject({ replayed: 2, succeeded: 2, done: true });
    expect(new Set(receiver.received.map((r) => r.headers["x-qualifio-delivery"]))).toEqual(new Set(ids));
    expect(await countFailedSince(admin, { connectorId, since })).toBe(0);
    for (const id of ids) expect((await deliveriesOf(db, (await getDeliveryDetail(db, id, "admin"))!.event.id))[0]!.status).toBe("succeeded");
  });

  it("counts nothing before `since`, refuses a future time and a marketer", async () => {
    const { db } = database();
    const { admin, connectorId } = await failedDeliveries(1);
    const later = new Date(Date.now() + 60_000).toISOString();
    await expect(countFailedSince(admin, { connectorId, since: later })).rejects.toBeInstanceOf(ValidationError);
    const marketer = await makeCtx(db, "marketer");
    await expect(replayFailedBatch(marketer, { connectorId, since: new Date(0).toISOString() }, testRuntime(db))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
