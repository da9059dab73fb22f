import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, connectors, deliveries } from "@/db/schema";
import { rotateSecret } from "@/lib/connectors/service";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { attemptsOf, deliveriesOf, ingestExample, setUpConnector, subscribe, testRuntime, whileWorking } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { eventually } from "@/test/support/receiver";
import { LocalWorker } from "./worker";

const database = useTestDatabase();
const receiver = useReceivers();
let worker: LocalWorker;

beforeAll(() => {
  worker = new LocalWorker(testRuntime(database().db), { pollIntervalMs: 25, log: () => undefined });
  worker.start();
});
afterAll(async () => {
  await worker.stop(1000);
});

/** The first attempt of the event's one delivery, once it is recorded. */
async function firstAttempt(db: Db, eventId: string, what: string) {
  const [delivery] = await eventually(async () => {
    const list = await deliveriesOf(db, eventId);
    return list[0]?.attemptCount ? list : null;
  }, 5000, what);
  const [attempt] = await attemptsOf(db, delivery!.id);
  return attempt!;
}

async function finished(deliveryId: string, eventId: string) {
  const { db } = database();
  return eventually(async () => {
    const d = (await deliveriesOf(db, eventId)).find((x) => x.id === deliveryId);
    return d && (d.status === "succeeded" || d.status === "failed") ? d : null;
  }, 15_000, `delivery ${deliveryId} to finish`);
}

describe("the local delivery pipeline", () => {
  it("fans out to each subscribed active connector, signed, with the auth and custom headers", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const secret = "a-webhook-secret-of-some-length";
    const [a, b, inactive, otherType] = await Promise.all([receiver({ secrets: [secret] }), receiver({ secrets: [secret] }), receiver(), receiver()]);
    const idA = await setUpConnector(ctx, {
      url: a.url,
      secret,
      authHeader: { name: "Authorization", value: "Bearer token-a" },
      customHeaders: [{ name: "X-Tenant", value: "coffee" }],
    });
    const idB = await setUpConnector(ctx, { url: b.url, secret });
    const idInactive = await setUpConnector(ctx, { url: inactive.url, active: false });
    const idOther = await setUpConnector(ctx, { url: otherType.url });
    await subscribe(db, program.id, idA, "points.earned");
    await subscribe(db, program.id, idB, "points.earned");
    await subscribe(db, program.id, idInactive, "points.earned");
    await subscribe(db, program.id, idOther, "reward.offered");

    const eventId = await ingestExample(db, program.id, "points.earned");
    worker.wake();
    const [gotA] = await a.waitFor(1);
    const [gotB] = await b.waitFor(1);
    const planned = await deliveriesOf(db, eventId);
    expect(planned.map((d) => d.connectorId).sort()).toEqual([idA, idB].sort());

    for (const got of [gotA!, gotB!]) {
      expect(got.method).toBe("POST");
      expect(got.qualifioValidFor).toEqual([secret]);
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["user-agent"]).toMatch(/IntegrationsHub/);
      expect(got.headers["x-qualifio-event"]).toBe("points.earned");
      expect(Number(got.headers["x-qualifio-timestamp"])).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(got.events).toHaveLength(1);
      expect(got.events![0]).toMatchObject({ id: eventId, type: "points.earned", test: false, program: { id: program.id, name: program.name } });
    }
    const deliveryA = planned.find((d) => d.connectorId === idA)!;
    expect(gotA!.headers["x-qualifio-delivery"]).toBe(deliveryA.id);
    expect(gotA!.headers.authorization).toBe("Bearer token-a");
    expect(gotA!.headers["x-tenant"]).toBe("coffee");
    expect(gotB!.headers.authorization).toBeUndefined();

    const done = await finished(deliveryA.id, eventId);
    expect(done).toMatchObject({ status: "succeeded", attemptCount: 1, lastStatusCode: 204 });
    const [attempt] = await attemptsOf(db, deliveryA.id);
    expect(attempt!.requestHeaders.Authorization).toBe("[redacted]");
    expect(JSON.stringify(attempt!.requestHeaders)).not.toContain("token-a");
    expect(inactive.received).toHaveLength(0);
    expect(otherType.received).toHaveLength(0);
  });

  it("an event with no rule, or only inactive connectors, is stored without deliveries", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const eventId = await ingestExample(db, program.id, "identifier.added");
    worker.wake();
    await eventually(async () => (await db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, eventId) }))?.fannedOutAt, 5000, "fan-out");
    expect(await deliveriesOf(db, eventId)).toHaveLength(0);
  });

  it("retries after 500, 500, then succeeds: three attempts, one success, one delivery id", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const r = await receiver({ reply: (n) => (n <= 2 ? { status: 500, body: "boom" } : { status: 200, body: "ok" }) });
    const id = await setUpConnector(ctx, { url: r.url });
    await subscribe(db, program.id, id, "points.burned");
    const eventId = await ingestExample(db, program.id, "points.burned");
    worker.wake();
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(db, eventId);
      return list.length ? list : null;
    });
    const done = await finished(delivery!.id, eventId);
    expect(done).toMatchObject({ status: "succeeded", attemptCount: 3, lastStatusCode: 200 });
    const tries = await attemptsOf(db, delivery!.id);
    expect(tries.map((t) => [t.number, t.responseStatus, t.success])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(tries[0]!.responseBody).toBe("boom");
    expect(new Set(r.received.map((x) => x.headers["x-qualifio-delivery"]))).toEqual(new Set([delivery!.id]));
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
  });

  it("a receiver that hangs times out, and does not hold up another connector", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const slow = await receiver({ reply: () => "hang" });
    const fast = await receiver();
    const idSlow = await setUpConnector(ctx, { url: slow.url, timeoutMs: 3000 });
    const idFast = await setUpConnector(ctx, { url: fast.url });
    await subscribe(db, program.id, idSlow, "reward.offered");
    await subscribe(db, program.id, idFast, "reward.offered");
    const started = Date.now();
    const eventId = await ingestExample(db, program.id, "reward.offered");
    worker.wake();
    await slow.waitFor(1);
    await fast.waitFor(1);
    // The fast receiver was served while the slow one was still hanging (well inside its 3 s timeout).
    expect(fast.received[0]!.at - started).toBeLessThan(2500);
    expect(slow.inFlight()).toBe(1);
    const slowDelivery = (await deliveriesOf(db, eventId)).find((d) => d.connectorId === idSlow)!;
    const [attempt] = await eventually(async () => {
      const list = await attemptsOf(db, slowDelivery.id);
      return list.length ? list : null;
    }, 5000, "the timed-out attempt");
    expect(attempt).toMatchObject({ success: false, errorCode: "timeout", responseStatus: null });
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(2900);
  });

  it("honours Retry-After on 429", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const r = await receiver({ reply: (n) => (n === 1 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 }) });
    const id = await setUpConnector(ctx, { url: r.url });
    await subscribe(db, program.id, id, "level.changed");
    const eventId = await ingestExample(db, program.id, "level.changed");
    worker.wake();
    await r.waitFor(2, 10_000);
    const gap = r.received[1]!.at - r.received[0]!.at;
    // The schedule says 50 ms; the receiver asked for 2 s.
    expect(gap).toBeGreaterThanOrEqual(1900);
    const [delivery] = await deliveriesOf(db, eventId);
    expect((await finished(delivery!.id, eventId)).status).toBe("succeeded");
  });

  it("counts a redirect as a failure and does not follow it", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const target = await receiver();
    const r = await receiver({ reply: () => ({ status: 302, headers: { location: target.url } }) });
    const id = await setUpConnector(ctx, { url: r.url });
    await subscribe(db, program.id, id, "profile.created");
    const eventId = await ingestExample(db, program.id, "profile.created");
    worker.wake();
    await r.waitFor(1);
    const [delivery] = await deliveriesOf(db, eventId);
    const [attempt] = await eventually(async () => {
      const list = await attemptsOf(db, delivery!.id);
      return list.length ? list : null;
    });
    expect(attempt).toMatchObject({ success: false, errorCode: "redirect", responseStatus: 302 });
    expect(target.received).toHaveLength(0);
  });

  it("sends both signatures during a secret rotation, each verifiable on its own", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const oldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const r = await receiver({ secrets: [oldSecret] });
    const id = await setUpConnector(ctx, { url: r.url, secret: oldSecret, signatureScheme: "qualifio+standard" });
    const { secret: newSecret } = await rotateSecret(ctx, { connectorId: id, overlapHours: 24 });
    const checker = await receiver({ secrets: [oldSecret, newSecret] });
    await db.update(connectors).set({ notificationUrl: checker.url }).where(eq(connectors.id, id));
    await subscribe(db, program.id, id, "points.credited");
    await ingestExample(db, program.id, "points.credited");
    worker.wake();
    const [got] = await checker.waitFor(1);
    expect(got!.qualifioValidFor.sort()).toEqual([oldSecret, newSecret].sort());
    expect(got!.standardValidFor.sort()).toEqual([oldSecret, newSecret].sort());
    expect(String(got!.headers["x-qualifio-signature"]).split(",")).toHaveLength(2);
    expect(got!.headers["webhook-id"]).toBe(got!.headers["x-qualifio-delivery"]);
  });

  it("records a connector whose secret no longer decrypts as a failed attempt, sending nothing", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const r = await receiver();
    const id = await setUpConnector(ctx, { url: r.url, secret: "a-secret-that-will-rot-1234" });
    // As after a change of ENCRYPTION_KEY: the stored value is no longer readable.
    await db.update(connectors).set({ secretEncrypted: "v1.AAAA.BBBB.CCCC" }).where(eq(connectors.id, id));
    await subscribe(db, program.id, id, "profile.created");
    const eventId = await ingestExample(db, program.id, "profile.created");
    worker.wake();
    const attempt = await firstAttempt(db, eventId, "the unsendable attempt");
    expect(attempt).toMatchObject({ success: false, errorCode: "config", responseStatus: null });
    expect(attempt.error).toMatch(/ENCRYPTION_KEY/);
    expect(attempt.requestBody).toContain(eventId);
    expect(r.received).toHaveLength(0);
    await db.update(connectors).set({ active: false }).where(eq(connectors.id, id));
  });

  it("never has more requests in flight to a connector than its cap", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const slowOk = async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return { status: 200 };
    };
    const r = await receiver({ reply: slowOk });
    const id = await setUpConnector(ctx, { url: r.url });
    await db.update(connectors).set({ maxInFlight: 2 }).where(eq(connectors.id, id));
    await subscribe(db, program.id, id, "points.earned");
    for (let i = 0; i < 8; i++) await ingestExample(db, program.id, "points.earned");
    worker.wake();
    await r.waitFor(8, 15_000);
    expect(r.maxInFlight()).toBe(2);
  });

  it("turns a connector off after failing for the configured time, with the reason and an audit row", async () => {
    const { db } = database();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const r = await receiver({ reply: () => ({ status: 503 }) });
    const id = await setUpConnector(ctx, { url: r.url });
    // Failing since six days ago: the next failure crosses the five-day line.
    await db.update(connectors).set({ failingSince: new Date(Date.now() - 6 * 86_400_000) }).where(eq(connectors.id, id));
    await subscribe(db, program.id, id, "points.debited");
    const eventId = await ingestExample(db, program.id, "points.debited");
    worker.wake();
    await r.waitFor(1);
    const connector = await eventually(async () => {
      const [c] = await db.select().from(connectors).where(eq(connectors.id, id));
      return c && !c.active ? c : null;
    }, 5000, "auto-disable");
    expect(connector.disabledReason).toMatch(/Turned off automatically/);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "connector.auto_disabled")));
    expect(audit).toHaveLength(1);
    // Deliveries to a turned-off connector wait rather than hammer the receiver: with its retry made
    // due now, a full pass of the worker, and everything that pass starts, sends nothing.
    const [delivery] = await deliveriesOf(db, eventId);
    expect(delivery).toMatchObject({ status: "retrying" });
    await db.update(deliveries).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(deliveries.id, delivery!.id));
    worker.wake([id]);
    await worker.idle();
    expect(r.received).toHaveLength(1);
  });
});

describe("outbound safety", () => {
  const isolated = useTestDatabase();

  it("refuses a loopback target when private targets are not allowed, recording a blocked attempt", async () => {
    const { db } = isolated();
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const r = await receiver();
    const id = await setUpConnector(ctx, { url: r.url });
    await subscribe(db, program.id, id, "points.earned");
    const eventId = await ingestExample(db, program.id, "points.earned");
    const attempt = await whileWorking(testRuntime(db, { allowPrivateTargets: false }), 25, () => firstAttempt(db, eventId, "the blocked attempt"));
    expect(attempt).toMatchObject({ success: false, errorCode: "blocked", responseStatus: null });
    expect(attempt.error).toMatch(/loopback/i);
    expect(r.received).toHaveLength(0);
  });
});
