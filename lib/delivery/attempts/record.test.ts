import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { attempts, auditLog, connectors, deliveries, events } from "@/db/schema";
import { useTestDatabase } from "@/test/support/db";
import { leaseOf, setLease } from "@/test/support/leases";
import { makeProgram, unique } from "@/test/support/factories";
import { defaultPolicy as jitteredPolicy, type DeliveryPolicy } from "./policy";

/** The schedule without jitter, so the retry times below are exact (policy.test.ts covers the jitter). */
const defaultPolicy: DeliveryPolicy = { ...jitteredPolicy, random: () => 0 };
import { nextDeliveryState, recordAttempt, recordAttempts, type AttemptTrigger } from "./record";
import type { AttemptResult } from "./send";

const database = useTestDatabase();
const db = (): Db => database().db;

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date("2025-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function makeConnector(overrides: Partial<typeof connectors.$inferInsert> = {}) {
  const [connector] = await db()
    .insert(connectors)
    .values({ name: unique("Connector"), notificationUrl: "https://hooks.example.com/in", active: true, ...overrides })
    .returning();
  return connector!;
}

async function makeDelivery(options: { connectorId?: string; test?: boolean; status?: "pending" | "failed" } = {}) {
  const program = await makeProgram(db());
  const connectorId = options.connectorId ?? (await makeConnector()).id;
  const [event] = await db()
    .insert(events)
    .values({
      programId: program.id,
      type: "points.earned",
      member: { id: "m-1", email: "m@example.com" },
      memberId: "m-1",
      data: { points: 10 },
      occurredAt: t0,
      test: options.test ?? false,
    })
    .returning();
  const [delivery] = await db()
    .insert(deliveries)
    .values({
      eventId: event!.id,
      connectorId,
      programId: program.id,
      eventType: "points.earned",
      test: options.test ?? false,
      status: options.status ?? "pending",
      nextAttemptAt: t0,
    })
    .returning();
  await setLease(db(), delivery!.id, "worker-1", at(60_000));
  return delivery!;
}

function ok(overrides: Partial<AttemptResult> = {}): AttemptResult {
  return {
    success: true,
    status: 200,
    responseHeaders: { "content-type": "text/plain" },
    responseBody: "ok",
    responseTruncated: false,
    durationMs: 42,
    errorCode: null,
    error: null,
    retryAfter: null,
    ...overrides,
  };
}

const failed = (overrides: Partial<AttemptResult> = {}) =>
  ok({ success: false, status: 500, responseBody: "boom", errorCode: "http", error: "HTTP 500 Internal Server Error", ...overrides });

const request = {
  url: "https://hooks.example.com/in",
  redactedHeaders: { "Content-Type": "application/json", "X-Qualifio-Signature": "[redacted]" },
  body: '[{"id":"e"}]',
};

function record(
  deliveryId: string,
  result: AttemptResult,
  now: Date,
  options: { trigger?: AttemptTrigger; policy?: DeliveryPolicy; leaseOwner?: string } = {},
) {
  return recordAttempt(db(), {
    deliveryId,
    trigger: options.trigger ?? "scheduled",
    leaseOwner: options.leaseOwner,
    request,
    result,
    startedAt: new Date(now.getTime() - result.durationMs),
    policy: options.policy ?? defaultPolicy,
    now,
  });
}

const load = async (id: string) => (await db().select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
const loadConnector = async (id: string) => (await db().select().from(connectors).where(eq(connectors.id, id)))[0]!;
const attemptsOf = (id: string) => db().select().from(attempts).where(eq(attempts.deliveryId, id)).orderBy(asc(attempts.number));

describe("recordAttempt", () => {
  // With the lease still held by the recorder: the one-statement path; without an owner: the locking one.
  it.each([{ leaseOwner: "worker-1" }, { leaseOwner: undefined }])("records a success and finishes the delivery (lease owner $leaseOwner)", async ({ leaseOwner }) => {
    const delivery = await makeDelivery();
    const outcome = await record(delivery.id, ok(), t0, { leaseOwner });
    expect(outcome).toEqual({ attemptNumber: 1, status: "succeeded", nextAttemptAt: null, connectorDisabled: false });

    const row = await load(delivery.id);
    expect(row).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      lastStatusCode: 200,
      lastError: null,
      lastDurationMs: 42,
      nextAttemptAt: null,
      completedAt: t0,
    });
    expect(await leaseOf(db(), delivery.id)).toBeNull();
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt).toMatchObject({
      number: 1,
      trigger: "scheduled",
      success: true,
      url: request.url,
      requestHeaders: request.redactedHeaders,
      requestBody: request.body,
      responseStatus: 200,
      responseHeaders: { "content-type": "text/plain" },
      responseBody: "ok",
      responseTruncated: false,
      durationMs: 42,
      errorCode: null,
    });
    expect(attempt!.startedAt).toEqual(new Date(t0.getTime() - 42));
  });

  it("schedules a retry after a failure and starts the connector's failing streak", async () => {
    const delivery = await makeDelivery();
    const outcome = await record(delivery.id, failed(), t0);
    expect(outcome).toMatchObject({ attemptNumber: 1, status: "retrying", nextAttemptAt: at(5000) });
    expect(await load(delivery.id)).toMatchObject({
      status: "retrying",
      attemptCount: 1,
      nextAttemptAt: at(5000),
      lastStatusCode: 500,
      lastError: "HTTP 500 Internal Server Error",
      completedAt: null,
    });
    expect(await leaseOf(db(), delivery.id)).toBeNull();
    expect((await attemptsOf(delivery.id))[0]).toMatchObject({ success: false, errorCode: "http", responseBody: "boom" });
    expect((await loadConnector(delivery.connectorId)).failingSince).toEqual(new Date(t0.getTime() - 42));
  });

  it("honours Retry-After when it is later than the schedule", async () => {
    const delivery = await makeDelivery();
    const outcome = await record(delivery.id, failed({ status: 429, retryAfter: at(120_000) }), t0);
    expect(outcome.nextAttemptAt).toEqual(at(120_000));
  });

  it("records a network failure without a response", async () => {
    const delivery = await makeDelivery();
    await record(delivery.id, failed({ status: null, responseHeaders: null, responseBody: null, errorCode: "timeout", error: "No complete response within 10000 ms." }), t0);
    expect(await load(delivery.id)).toMatchObject({ lastStatusCode: null, lastError: "No complete response within 10000 ms." });
    expect((await attemptsOf(delivery.id))[0]).toMatchObject({ responseStatus: null, responseBody: null, errorCode: "timeout" });
  });

  it("fails the delivery once the schedule is used up", async () => {
    const policy = { ...defaultPolicy, schedule: [10, 20] };
    const delivery = await makeDelivery();
    expect(await record(delivery.id, failed(), at(0), { policy })).toMatchObject({ status: "retrying", nextAttemptAt: at(10) });
    expect(await record(delivery.id, failed(), at(10), { policy })).toMatchObject({ status: "retrying", nextAttemptAt: at(30) });
    expect(await record(delivery.id, failed(), at(30), { policy })).toMatchObject({
      attemptNumber: 3,
      status: "failed",
      nextAttemptAt: null,
    });
    expect(await load(delivery.id)).toMatchObject({ status: "failed", attemptCount: 3, completedAt: at(30), nextAttemptAt: null });
    expect((await attemptsOf(delivery.id)).map((a) => a.number)).toEqual([1, 2, 3]);
  });

  it("retries after 500, 500 and succeeds on the third attempt", async () => {
    const delivery = await makeDelivery();
    await record(delivery.id, failed(), at(0));
    await record(delivery.id, failed(), at(5000));
    const outcome = await record(delivery.id, ok(), at(305_000));
    expect(outcome).toMatchObject({ attemptNumber: 3, status: "succeeded" });
    const rows = await attemptsOf(delivery.id);
    expect(rows.map((a) => a.success)).toEqual([false, false, true]);
    expect((await loadConnector(delivery.connectorId)).failingSince).toBeNull();
  });

  it("turns the connector off after failing every attempt for 5 days, with an audit row", async () => {
    const connector = await makeConnector();
    const first = await makeDelivery({ connectorId: connector.id });
    await record(first.id, failed(), t0);
    const streakStart = (await loadConnector(connector.id)).failingSince!;

    const second = await makeDelivery({ connectorId: connector.id });
    expect(await record(second.id, failed(), at(4 * DAY))).toMatchObject({ connectorDisabled: false });
    expect((await loadConnector(connector.id)).active).toBe(true);

    const third = await makeDelivery({ connectorId: connector.id });
    const outcome = await record(third.id, failed(), at(5 * DAY + 1000));
    expect(outcome.connectorDisabled).toBe(true);

    const after = await loadConnector(connector.id);
    expect(after).toMatchObject({ active: false, disabledAt: at(5 * DAY + 1000), failingSince: null });
    expect(after.disabledReason).toBe(
      `Turned off automatically: every delivery attempt failed for 5 days (since ${streakStart.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    );
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, connector.id), eq(auditLog.action, "connector.auto_disabled")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorEmail: "system", entityType: "connector" });
    expect(audit[0]!.summary).toContain(connector.name);
    expect(audit[0]!.changes).toMatchObject({ active: { before: true, after: false } });
  });

  it("does not turn off a connector that had a success during the streak", async () => {
    const connector = await makeConnector();
    const good = await makeDelivery({ connectorId: connector.id });
    await record(good.id, ok(), at(DAY));
    // failingSince older than that success (e.g. edited by hand): the attempts table has the last word.
    await db().update(connectors).set({ failingSince: t0 }).where(eq(connectors.id, connector.id));
    const bad = await makeDelivery({ connectorId: connector.id });
    expect(await record(bad.id, failed(), at(6 * DAY))).toMatchObject({ connectorDisabled: false });
    expect((await loadConnector(connector.id)).active).toBe(true);
  });

  it.each([{ leaseOwner: "worker-1" }, { leaseOwner: undefined }])("clears the failing streak on any success (lease owner $leaseOwner)", async ({ leaseOwner }) => {
    const connector = await makeConnector();
    const a = await makeDelivery({ connectorId: connector.id });
    await record(a.id, failed(), t0);
    expect((await loadConnector(connector.id)).failingSince).not.toBeNull();
    const b = await makeDelivery({ connectorId: connector.id });
    await record(b.id, ok(), at(3 * DAY), { leaseOwner });
    expect((await loadConnector(connector.id)).failingSince).toBeNull();
    // A new failure long after starts a fresh streak instead of disabling.
    const c = await makeDelivery({ connectorId: connector.id });
    expect(await record(c.id, failed(), at(9 * DAY))).toMatchObject({ connectorDisabled: false });
    expect((await loadConnector(connector.id)).failingSince).toEqual(new Date(at(9 * DAY).getTime() - 42));
  });

  it("does not count test deliveries or inactive connectors toward the streak", async () => {
    const connector = await makeConnector();
    const probe = await makeDelivery({ connectorId: connector.id, test: true });
    await record(probe.id, failed(), t0);
    expect((await loadConnector(connector.id)).failingSince).toBeNull();

    const off = await makeConnector({ active: false });
    const pending = await makeDelivery({ connectorId: off.id });
    await record(pending.id, failed(), t0);
    expect((await loadConnector(off.id)).failingSince).toBeNull();
  });

  it("replays a failed delivery: failure keeps it failed with no schedule, success finishes it", async () => {
    const delivery = await makeDelivery({ status: "failed" });
    const replayFailure = await record(delivery.id, failed(), at(1000), { trigger: "replay" });
    expect(replayFailure).toMatchObject({ attemptNumber: 1, status: "failed", nextAttemptAt: null });
    const replaySuccess = await record(delivery.id, ok(), at(2000), { trigger: "replay" });
    expect(replaySuccess).toMatchObject({ attemptNumber: 2, status: "succeeded", nextAttemptAt: null });
    expect(await load(delivery.id)).toMatchObject({ status: "succeeded", completedAt: at(2000), attemptCount: 2 });
    expect((await attemptsOf(delivery.id)).map((a) => a.trigger)).toEqual(["replay", "replay"]);
  });

  it("leaves a running schedule alone when a replay fails, releasing the replay's lease", async () => {
    const delivery = await makeDelivery();
    await record(delivery.id, failed(), t0);
    await setLease(db(), delivery.id, "replayer", at(60_000));
    const outcome = await record(delivery.id, failed(), at(1000), { trigger: "replay", leaseOwner: "replayer" });
    expect(outcome).toMatchObject({ attemptNumber: 2, status: "retrying", nextAttemptAt: at(5000) });
    expect(await load(delivery.id)).toMatchObject({ attemptCount: 2 });
    expect(await leaseOf(db(), delivery.id)).toBeNull();
    // The next scheduled failure is the 2nd scheduled one: replays do not use up the schedule.
    expect(await record(delivery.id, failed(), at(5000))).toMatchObject({ attemptNumber: 3, nextAttemptAt: at(5000 + 5 * 60_000) });
  });

  it("keeps a lease another process took after the attempter's lease ran out", async () => {
    const delivery = await makeDelivery();
    await setLease(db(), delivery.id, "worker-2", at(60_000));
    await record(delivery.id, failed(), t0, { leaseOwner: "worker-1" });
    expect(await load(delivery.id)).toMatchObject({ attemptCount: 1 });
    expect(await leaseOf(db(), delivery.id)).toEqual({ owner: "worker-2", expiresAt: at(60_000) });
  });

  it("records a success whose lease another process took meanwhile, and leaves that lease alone", async () => {
    const delivery = await makeDelivery();
    await setLease(db(), delivery.id, "worker-2", at(60_000));
    expect(await record(delivery.id, ok(), t0, { leaseOwner: "worker-1" })).toMatchObject({ attemptNumber: 1, status: "succeeded" });
    expect(await load(delivery.id)).toMatchObject({ status: "succeeded", attemptCount: 1 });
    expect(await leaseOf(db(), delivery.id)).toEqual({ owner: "worker-2", expiresAt: at(60_000) });
    expect(await attemptsOf(delivery.id)).toHaveLength(1);
  });

  it("records a batch of successes in order, numbering each after the delivery's earlier attempts", async () => {
    const first = await makeDelivery();
    const second = await makeDelivery();
    await db().update(deliveries).set({ attemptCount: 3 }).where(eq(deliveries.id, second.id));
    // Another process holds the third one's lease: it goes the locking way, the others in one statement.
    const third = await makeDelivery();
    await setLease(db(), third.id, "worker-2", at(60_000));
    const input = (deliveryId: string) => ({
      deliveryId,
      trigger: "scheduled" as const,
      leaseOwner: "worker-1",
      request,
      result: ok(),
      startedAt: t0,
      policy: defaultPolicy,
      now: at(100),
    });
    const outcomes = await recordAttempts(db(), [input(second.id), input(third.id), input(first.id)]);
    expect(outcomes.map((o) => o.attemptNumber)).toEqual([4, 1, 1]);
    expect(outcomes.every((o) => o.status === "succeeded" && o.nextAttemptAt === null)).toBe(true);
    for (const d of [first, second, third]) expect(await load(d.id)).toMatchObject({ status: "succeeded", completedAt: at(100) });
    expect((await attemptsOf(second.id)).map((a) => a.number)).toEqual([4]);
    expect(await leaseOf(db(), first.id)).toBeNull();
    expect((await leaseOf(db(), third.id))?.owner).toBe("worker-2");
  });

  it("never reopens a finished delivery when a late scheduled attempt fails", async () => {
    const delivery = await makeDelivery();
    await record(delivery.id, ok(), t0, { trigger: "replay" });
    expect(await record(delivery.id, failed(), at(1000))).toMatchObject({ status: "succeeded", nextAttemptAt: null });
  });

  it("refuses an unknown delivery", async () => {
    await expect(record("00000000-0000-4000-8000-000000000000", ok(), t0)).rejects.toThrow(/does not exist/);
  });
});

describe("nextDeliveryState", () => {
  const running = { status: "retrying" as const, nextAttemptAt: at(5000), completedAt: null };

  it("uses the scheduled attempt number, not the total", () => {
    const state = nextDeliveryState(running, { trigger: "scheduled", success: false, scheduledNumber: 2, retryAfter: null }, defaultPolicy, t0);
    expect(state).toEqual({ status: "retrying", nextAttemptAt: at(5 * 60_000), completedAt: null });
  });

  it("fails after the last scheduled attempt", () => {
    const state = nextDeliveryState(running, { trigger: "scheduled", success: false, scheduledNumber: 8, retryAfter: null }, defaultPolicy, t0);
    expect(state).toEqual({ status: "failed", nextAttemptAt: null, completedAt: t0 });
  });
});
