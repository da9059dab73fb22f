import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, events } from "@/db/schema";
import { makeConnector, makeProgram, makePushRule } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { programWithRules } from "@/test/support/pipeline";
import { exampleInput } from "./catalog";
import { ingestEvents, validateIngestBody, type IngestItem } from "./ingest";
import { eventTypes } from "./types";

describe("validateIngestBody", () => {
  it("accepts every catalog example", () => {
    for (const { id } of eventTypes) {
      const result = validateIngestBody(exampleInput(id));
      expect(result, id).toMatchObject({ ok: true, batch: false });
    }
  });

  it("names the field path of each problem, with the index in a batch", () => {
    const good = exampleInput("points.earned");
    const bad = { ...good, data: { ...good.data, points: -3 } };
    const result = validateIngestBody([good, bad, { ...good, member: { email: "x@example.com" } }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { path: "[1].data.points", message: "Must be more than 0." },
      { path: "[2].member.id", message: expect.any(String) },
    ]);
  });

  it("refuses unknown types, unknown fields, empty and oversized batches", () => {
    const good = exampleInput("profile.created");
    expect(validateIngestBody({ ...good, type: "points.stolen" })).toMatchObject({ ok: false, issues: [{ path: "type" }] });
    expect(validateIngestBody({ ...good, extra: 1 })).toMatchObject({ ok: false, issues: [{ path: "(body)" }] });
    expect(validateIngestBody([])).toMatchObject({ ok: false, issues: [{ message: "Send at least one event." }] });
    expect(validateIngestBody(Array.from({ length: 501 }, () => good))).toMatchObject({
      ok: false,
      issues: [{ message: "Send at most 500 events per request." }],
    });
    expect(validateIngestBody("hello")).toMatchObject({ ok: false });
    expect(validateIngestBody({ ...good, occurredAt: "yesterday" })).toMatchObject({ ok: false, issues: [{ path: "occurredAt" }] });
  });
});

describe("ingestEvents", () => {
  const database = useTestDatabase();
  const item = (id?: string): IngestItem => {
    const v = validateIngestBody({ ...exampleInput("points.earned"), ...(id ? { id } : {}) });
    if (!v.ok) throw new Error("example invalid");
    return v.items[0]!;
  };

  it("stores events with the member's id and email copied for search", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const [stored] = await ingestEvents(db, program.id, [item()]);
    const rows = await db.select().from(events);
    const row = rows.find((r) => r.id === stored!.id)!;
    expect(row).toMatchObject({ type: "points.earned", memberId: "mbr_20931", memberEmail: "lena.hart@example.com" });
    // Planned in the same statement: no event is ever committed without its deliveries.
    expect(row.fannedOutAt).toEqual(row.receivedAt);
  });

  it("plans the deliveries of every stored event in the same commit, and none for a duplicate", async () => {
    const { db } = database();
    const { program, first, second } = await programWithRules(db);
    const stored = await ingestEvents(db, program.id, [item("dup-1"), item(), item("dup-1")]);
    expect(stored.map((s) => s.duplicate)).toEqual([false, false, true]);
    expect(stored[2]!.id).toBe(stored[0]!.id);
    const planned = await db.select().from(deliveries).where(inArray(deliveries.eventId, stored.map((s) => s.id)));
    // Two events × the two active connectors; the inactive one gets nothing.
    expect(planned).toHaveLength(4);
    expect(new Set(planned.map((d) => d.connectorId))).toEqual(new Set([first.id, second.id]));
    expect(planned.every((d) => d.status === "pending" && d.eventType === "points.earned")).toBe(true);
    const again = await ingestEvents(db, program.id, [item("dup-1")]);
    expect(again).toEqual([{ id: stored[0]!.id, duplicate: true }]);
    expect(await db.select().from(deliveries).where(inArray(deliveries.eventId, stored.map((s) => s.id)))).toHaveLength(4);
  });

  it("returns the original event for an id seen before in the same program only", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const other = await makeProgram(db);
    const [first] = await ingestEvents(db, program.id, [item("evt-1")]);
    const [again] = await ingestEvents(db, program.id, [item("evt-1")]);
    const [elsewhere] = await ingestEvents(db, other.id, [item("evt-1")]);
    expect(again).toEqual({ id: first!.id, duplicate: true });
    expect(elsewhere!.duplicate).toBe(false);
    expect(elsewhere!.id).not.toBe(first!.id);
  });

  it("uses the Idempotency-Key for a single event, and key:index in a batch", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const [a] = await ingestEvents(db, program.id, [item()], { idempotencyKey: "req-42" });
    const [b] = await ingestEvents(db, program.id, [item()], { idempotencyKey: "req-42" });
    expect(b).toEqual({ id: a!.id, duplicate: true });
    const batch = await ingestEvents(db, program.id, [item(), item()], { idempotencyKey: "batch-1" });
    const replay = await ingestEvents(db, program.id, [item(), item()], { idempotencyKey: "batch-1" });
    expect(replay).toEqual(batch.map((e) => ({ id: e.id, duplicate: true })));
  });

  it("concurrent requests share statements, yet each stands alone: a request that cannot be stored fails by itself", async () => {
    const { db } = database();
    const programs = await Promise.all([1, 2, 3].map(() => makeProgram(db)));
    const connector = await makeConnector(db, { active: true, notificationUrl: "https://a.example.com/in" });
    for (const p of programs) await makePushRule(db, p.id, "points.earned", connector.id);
    // No such program: its events violate the foreign key, which must sink only its own request.
    const missingProgram = "00000000-0000-4000-8000-000000000000";
    const requests = Array.from({ length: 24 }, (_, i) =>
      i === 7
        ? ingestEvents(db, missingProgram, [item(`lost-${i}`)])
        : ingestEvents(db, programs[i % 3]!.id, i % 5 === 0 ? [item(`same-${i % 3}`), item()] : [item(`one-${i}`)]),
    );
    const results = await Promise.allSettled(requests);
    expect(results.map((r, i) => (i === 7 ? r.status === "rejected" : r.status === "fulfilled"))).toEqual(results.map(() => true));
    const stored = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
    expect(stored).toHaveLength(23 + 5);
    const ids = stored.filter((s) => !s.duplicate).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await db.select().from(events).where(inArray(events.id, ids));
    expect(rows).toHaveLength(ids.length);
    // Each event is stored under its own request's program, with its deliveries planned.
    const programOf = new Map(rows.map((r) => [r.id, r.programId]));
    results.forEach((r, i) => {
      if (r.status !== "fulfilled") return;
      for (const e of r.value.filter((e) => !e.duplicate)) expect(programOf.get(e.id)).toBe(programs[i % 3]!.id);
    });
    // same-0 and same-2 were sent twice each to the same program: the second time is a duplicate.
    expect(stored.filter((s) => s.duplicate)).toHaveLength(2);
    expect(await db.select().from(deliveries).where(inArray(deliveries.eventId, ids))).toHaveLength(ids.length);
    expect(await db.select().from(events).where(inArray(events.programId, [missingProgram]))).toEqual([]);
  });

  it("a repeated id inside one batch is stored once", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const [x, y] = await ingestEvents(db, program.id, [item("dup"), item("dup")]);
    expect(y).toEqual({ id: x!.id, duplicate: true });
  });
});
