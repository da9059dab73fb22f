import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { connectors, deliveries, events, type DeliveryStatus } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { encodeCursor } from "@/lib/pagination/keyset";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeProgram, unique } from "@/test/support/factories";
import { deliveryStats, iterateDeliveries, listDeliveries, listLogFilterOptions } from "./queries";
import { parseEventLogFilters } from "./schemas";

const database = useTestDatabase();
const db = () => database().db;

const NOW = new Date("2025-06-10T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

type Seed = {
  programId: string;
  connectorIds: string[];
  /** A timestamptz literal, so ties and microseconds are exact. */
  at: string | Date;
  type?: string;
  status?: DeliveryStatus;
  memberId?: string;
  memberEmail?: string | null;
  test?: boolean;
  nextAttemptAt?: Date | null;
  lastStatusCode?: number | null;
};

/** One event and its deliveries to each connector, all created at the same instant (as a fan-out does). */
async function seed(s: Seed) {
  const at = typeof s.at === "string" ? s.at : s.at.toISOString();
  const memberId = s.memberId ?? unique("mbr");
  const [event] = await db()
    .insert(events)
    .values({
      programId: s.programId,
      type: s.type ?? "points.earned",
      member: { id: memberId, email: s.memberEmail ?? null },
      memberId,
      memberEmail: s.memberEmail === undefined ? `${memberId}@example.com` : s.memberEmail,
      data: { points: 10 },
      occurredAt: new Date(at),
      receivedAt: new Date(at),
      test: s.test ?? false,
    })
    .returning();
  const rows = await db()
    .insert(deliveries)
    .values(
      s.connectorIds.map((connectorId) => ({
        eventId: event!.id,
        connectorId,
        programId: s.programId,
        eventType: event!.type,
        test: event!.test,
        status: s.status ?? "succeeded",
        attemptCount: s.status === "pending" ? 0 : 1,
        nextAttemptAt: s.nextAttemptAt ?? null,
        lastStatusCode: s.lastStatusCode === undefined ? 200 : s.lastStatusCode,
        lastDurationMs: 120,
        createdAt: sql`${at}::timestamptz`,
      })),
    )
    .returning({ id: deliveries.id });
  return { eventId: event!.id, deliveryIds: rows.map((r) => r.id) };
}

const filters = (params: Record<string, string> = {}) => parseEventLogFilters(params);
async function ids(params: Record<string, string>, limit?: number) {
  return (await listDeliveries(db(), "admin", filters(params), { limit }, NOW)).rows.map((r) => r.id);
}

describe("listDeliveries", () => {
  let p1: { id: string; name: string };
  let p2: { id: string; name: string };
  let crm: { id: string; name: string };
  let gone: { id: string; name: string };
  let alice: Awaited<ReturnType<typeof seed>>;
  let bob: Awaited<ReturnType<typeof seed>>;
  let anon: Awaited<ReturnType<typeof seed>>;
  let old: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    p1 = await makeProgram(db());
    p2 = await makeProgram(db());
    crm = await makeConnector(db(), { name: unique("CRM") });
    gone = await makeConnector(db(), { name: unique("Gone") });
    alice = await seed({
      programId: p1.id,
      connectorIds: [crm.id, gone.id],
      at: minutesAgo(50),
      memberId: "mbr_alice",
      memberEmail: "Alice.Smith@Example.com",
    });
    await db()
      .update(deliveries)
      .set({ status: "failed", lastStatusCode: 500, lastError: "HTTP 500" })
      .where(eq(deliveries.id, alice.deliveryIds[1]!));
    // Bob's, Anon's and the old event go to the CRM only.
    const toCrm = (program: { id: string }) => ({ programId: program.id, connectorIds: [crm.id] });
    bob = await seed({
      ...toCrm(p2),
      at: minutesAgo(40),
      type: "reward.offered",
      status: "retrying",
      nextAttemptAt: new Date(NOW.getTime() + 300_000),
      lastStatusCode: 503,
      memberId: "mbr_bob",
      memberEmail: "bob@example.org",
    });
    anon = await seed({
      ...toCrm(p2),
      at: minutesAgo(30),
      type: "level.changed",
      status: "pending",
      nextAttemptAt: minutesAgo(30),
      lastStatusCode: null,
      memberId: "mbr_anon",
      memberEmail: null,
      test: true,
    });
    old = await seed({ ...toCrm(p1), at: minutesAgo(3 * 24 * 60), memberId: "mbr_old" });
    // Deleted after its deliveries: the log still names it.
    await db().update(connectors).set({ deletedAt: NOW }).where(eq(connectors.id, gone.id));
  });

  const both = () => [p1.id, p2.id];
  async function idsIn(params: Record<string, string>) {
    const lists = await Promise.all(both().map((program) => ids({ ...params, program })));
    return lists.flat().sort();
  }

  it("shows the newest first, with labels, names, the member and the next try", async () => {
    const { rows } = await listDeliveries(db(), "admin", filters({ connector: crm.id }), {}, NOW);
    expect(rows.map((r) => r.id)).toEqual([anon.deliveryIds[0], bob.deliveryIds[0], alice.deliveryIds[0]]);
    const [pending, retrying, succeeded] = rows;
    expect(retrying).toMatchObject({
      eventType: "reward.offered",
      eventLabel: "Reward offered",
      programName: p2.name,
      connectorName: crm.name,
      connectorDeleted: false,
      memberId: "mbr_bob",
      memberEmail: "bob@example.org",
      status: "retrying",
      nextAttemptAt: new Date(NOW.getTime() + 300_000).toISOString(),
      lastStatusCode: 503,
      attempts: 1,
      durationMs: 120,
      test: false,
    });
    expect(pending).toMatchObject({ status: "pending", memberEmail: null, memberId: "mbr_anon", test: true, lastStatusCode: null });
    expect(succeeded).toMatchObject({ status: "succeeded", nextAttemptAt: null, createdAt: minutesAgo(50).toISOString() });
  });

  it("names a deleted connector", async () => {
    const { rows } = await listDeliveries(db(), "admin", filters({ connector: gone.id }), {}, NOW);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ connectorName: gone.name, connectorDeleted: true, status: "failed", lastError: "HTTP 500" });
  });

  it("filters by status, several at once", async () => {
    expect(await idsIn({ status: "failed,retrying" })).toEqual([alice.deliveryIds[1], bob.deliveryIds[0]].sort());
    expect(await idsIn({ status: "pending" })).toEqual([anon.deliveryIds[0]]);
  });

  it("filters by event type, several at once", async () => {
    expect(await idsIn({ event: "reward.offered,level.changed" })).toEqual([bob.deliveryIds[0], anon.deliveryIds[0]].sort());
  });

  it("filters by program and connector", async () => {
    expect((await ids({ program: p2.id })).sort()).toEqual([bob.deliveryIds[0], anon.deliveryIds[0]].sort());
    expect(await ids({ program: p1.id, connector: gone.id })).toEqual([alice.deliveryIds[1]]);
    expect(await ids({ program: p2.id, connector: gone.id })).toEqual([]);
  });

  it("keeps to the time range: 24 hours by default, presets and custom bounds", async () => {
    expect(await ids({ program: p1.id, connector: crm.id })).toEqual([alice.deliveryIds[0]]);
    expect(await ids({ program: p1.id, connector: crm.id, range: "7d" })).toEqual([alice.deliveryIds[0], old.deliveryIds[0]]);
    expect(await ids({ program: p1.id, connector: crm.id, range: "1h" })).toEqual([alice.deliveryIds[0]]);
    const custom = { range: "custom", from: minutesAgo(4 * 24 * 60).toISOString(), to: minutesAgo(24 * 60).toISOString() };
    expect(await ids({ program: p1.id, connector: crm.id, ...custom })).toEqual([old.deliveryIds[0]]);
  });

  it("searches a member email, exactly or by prefix, whatever the case", async () => {
    const all = [...alice.deliveryIds].sort();
    expect(await idsIn({ q: "alice.smith@example.com" })).toEqual(all);
    expect(await idsIn({ q: "ALICE.sm" })).toEqual(all);
    expect(await idsIn({ q: "bob@" })).toEqual([bob.deliveryIds[0]]);
    // LIKE wildcards are literal characters in the box.
    expect(await idsIn({ q: "%" })).toEqual([]);
    expect(await idsIn({ q: "_lice" })).toEqual([]);
  });

  it("searches a member id exactly", async () => {
    expect(await idsIn({ q: "mbr_bob" })).toEqual([bob.deliveryIds[0]]);
    expect(await idsIn({ q: "mbr_anon" })).toEqual([anon.deliveryIds[0]]);
    expect(await idsIn({ q: "mbr_an" })).toEqual([]);
  });

  it("searches an event id (all its deliveries) or a delivery id (that one)", async () => {
    expect(await idsIn({ q: alice.eventId })).toEqual([...alice.deliveryIds].sort());
    expect(await idsIn({ q: alice.deliveryIds[1]! })).toEqual([alice.deliveryIds[1]]);
    expect(await idsIn({ q: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
  });

  it("combines the search with the other filters", async () => {
    expect(await ids({ q: "alice.smith@example.com", status: "failed" })).toEqual([alice.deliveryIds[1]]);
  });

  it("lists connectors (deleted ones last) and programs for the selects", async () => {
    const options = await listLogFilterOptions(db());
    const names = options.connectors.map((c) => c.name);
    expect(names.indexOf(crm.name)).toBeLessThan(names.indexOf(gone.name));
    expect(options.connectors.find((c) => c.id === gone.id)?.deleted).toBe(true);
    expect(options.programs.map((p) => p.id)).toEqual(expect.arrayContaining([p1.id, p2.id]));
  });
});

describe("keyset pagination", () => {
  let program: { id: string };
  let expected: string[];

  beforeAll(async () => {
    program = await makeProgram(db());
    const connectorIds = (await Promise.all([1, 2, 3].map(() => makeConnector(db())))).map((c) => c.id);
    const tie = "2025-06-10T11:00:00.000001Z";
    const created: string[] = [];
    for (const at of [
      "2025-06-10T10:00:00Z",
      tie,
      tie,
      // A microsecond apart from the tie: a cursor rounded to milliseconds would lose or repeat one.
      "2025-06-10T11:00:00.000002Z",
      tie,
      "2025-06-10T11:30:00Z",
    ]) {
      created.push(...(await seed({ programId: program.id, connectorIds, at })).deliveryIds);
    }
    const rows = await db()
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.programId, program.id))
      .orderBy(sql`${deliveries.createdAt} desc, ${deliveries.id} desc`);
    expected = rows.map((r) => r.id);
    expect([...expected].sort()).toEqual([...created].sort());
  });

  it("walks every row once, newest first, ties ordered by id", async () => {
    const f = filters({ program: program.id, range: "7d" });
    for (const limit of [1, 4, 5, 7]) {
      const seen: string[] = [];
      let before: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: Awaited<ReturnType<typeof listDeliveries>> = await listDeliveries(db(), "admin", f, { before, limit }, NOW);
        seen.push(...page.rows.map((r) => r.id));
        before = page.nextCursor;
        if (!before) break;
      }
      expect(seen).toEqual(expected);
    }
  });

  it("keeps older pages stable while new rows arrive on top (through the anchor)", async () => {
    const f = filters({ program: program.id, range: "7d" });
    const head = await listDeliveries(db(), "admin", f, { limit: 5 }, NOW);
    const anchor = head.nextCursor!;
    const older = await listDeliveries(db(), "admin", f, { before: anchor, limit: 5 }, NOW);
    const fresh = await seed({ programId: program.id, connectorIds: [(await makeConnector(db())).id], at: "2025-06-10T11:45:00Z" });

    const live = await listDeliveries(db(), "admin", f, { through: anchor }, NOW);
    expect(live.rows.map((r) => r.id)).toEqual([...fresh.deliveryIds, ...head.rows.map((r) => r.id)]);
    expect(live.truncated).toBe(false);
    const again = await listDeliveries(db(), "admin", f, { before: anchor, limit: 5 }, NOW);
    expect(again.rows.map((r) => r.id)).toEqual(older.rows.map((r) => r.id));
    expect([...live.rows, ...again.rows].map((r) => r.id)).toEqual([...fresh.deliveryIds, ...expected.slice(0, 10)]);
  });

  it("exports every row of the view once, in batches", async () => {
    const f = filters({ program: program.id, range: "7d" });
    const batches: number[] = [];
    const seen: string[] = [];
    for await (const rows of iterateDeliveries(db(), "admin", f, 4, NOW)) {
      batches.push(rows.length);
      seen.push(...rows.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(expected.length);
    expect(batches.slice(0, -1).every((n) => n === 4)).toBe(true);
  });

  it("refuses a cursor it did not make", async () => {
    const f = filters();
    await expect(listDeliveries(db(), "admin", f, { before: "bm9wZQ" }, NOW)).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeliveries(db(), "admin", f, { through: "not a cursor" }, NOW)).rejects.toBeInstanceOf(ValidationError);
    const forged = encodeCursor({ at: "2025-06-10T11:00:00.000001Z", id: "x'); drop table deliveries; --" });
    await expect(listDeliveries(db(), "admin", f, { before: forged }, NOW)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("deliveryStats", () => {
  let program: { id: string };
  let ok: { id: string; name: string };
  let flaky: { id: string; name: string };

  beforeAll(async () => {
    program = await makeProgram(db());
    ok = await makeConnector(db(), { name: unique("Steady") });
    flaky = await makeConnector(db(), { name: unique("Flaky") });
    const at = (iso: string) => ({ programId: program.id, at: iso });
    await seed({ ...at("2025-06-10T09:05:00Z"), connectorIds: [ok.id, flaky.id] });
    await seed({ ...at("2025-06-10T09:55:00Z"), connectorIds: [ok.id] });
    await seed({ ...at("2025-06-10T10:30:00Z"), connectorIds: [flaky.id], status: "failed" });
    await seed({ ...at("2025-06-10T11:10:00Z"), connectorIds: [flaky.id], status: "retrying" });
    await seed({ ...at("2025-06-10T11:20:00Z"), connectorIds: [flaky.id], status: "pending" });
    await seed({ ...at("2025-06-08T11:00:00Z"), connectorIds: [ok.id] });
  });

  it("buckets the last 24 hours by hour, split by outcome, with each connector's success rate", async () => {
    const stats = await deliveryStats(db(), filters({ program: program.id }), NOW);
    expect(stats.unit).toBe("hour");
    expect(stats.buckets).toHaveLength(25);
    expect(stats.buckets[0]!.start).toBe("2025-06-09T12:00:00.000Z");
    expect(stats.buckets.at(-1)!.start).toBe("2025-06-10T12:00:00.000Z");
    const at = (iso: string) => stats.buckets.find((b) => b.start === iso);
    expect(at("2025-06-10T09:00:00.000Z")).toEqual({ start: "2025-06-10T09:00:00.000Z", succeeded: 3, failed: 0, inProgress: 0 });
    expect(at("2025-06-10T10:00:00.000Z")).toMatchObject({ succeeded: 0, failed: 1, inProgress: 0 });
    expect(at("2025-06-10T11:00:00.000Z")).toMatchObject({ succeeded: 0, failed: 0, inProgress: 2 });
    expect(stats.totals).toEqual({ succeeded: 3, failed: 1, inProgress: 2 });

    const rate = (id: string) => stats.connectors.find((c) => c.connectorId === id);
    expect(rate(ok.id)).toMatchObject({ name: ok.name, succeeded: 2, failed: 0, inProgress: 0, successRate: 1 });
    expect(rate(flaky.id)).toMatchObject({ succeeded: 1, failed: 1, inProgress: 2, successRate: 0.5 });
  });

  it("buckets longer ranges by day and applies the other filters", async () => {
    const stats = await deliveryStats(db(), filters({ program: program.id, range: "7d", connector: ok.id }), NOW);
    expect(stats.unit).toBe("day");
    expect(stats.buckets).toHaveLength(8);
    expect(stats.buckets.find((b) => b.start === "2025-06-08T00:00:00.000Z")).toMatchObject({ succeeded: 1 });
    expect(stats.buckets.find((b) => b.start === "2025-06-10T00:00:00.000Z")).toMatchObject({ succeeded: 2 });
    expect(stats.totals).toEqual({ succeeded: 3, failed: 0, inProgress: 0 });
    expect(stats.connectors.map((c) => c.connectorId)).toEqual([ok.id]);
  });

  it("has no success rate while nothing has finished", async () => {
    const stats = await deliveryStats(db(), filters({ program: program.id, status: "retrying,pending" }), NOW);
    expect(stats.connectors).toEqual([expect.objectContaining({ connectorId: flaky.id, successRate: null, inProgress: 2 })]);
  });
});
