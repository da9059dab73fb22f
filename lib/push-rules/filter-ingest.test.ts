import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, events, pushRuleSkips, pushRules } from "@/db/schema";
import { fanOutEvents } from "@/lib/delivery/engine/fanout";
import { deleteExpiredLogs } from "@/lib/delivery/engine/retention";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { exampleInput } from "@/lib/events/catalog";
import { ingestEvents, validateIngestBody } from "@/lib/events/ingest";
import type { EventType } from "@/lib/events/types";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeEvent, makeProgram, makePushRule } from "@/test/support/factories";
import { useRoles } from "@/test/support/roles";
import { deliveriesOf } from "@/test/support/pipeline";
import type { Filter } from "./filter";
import { getRuleMatrix } from "./queries";
import { savePushRuleFilter, testPushRuleFilter } from "./service";

const database = useTestDatabase();
const roles = useRoles(database);

const AT_LEAST_100: Filter = { match: "all", conditions: [{ field: "data.points", op: "ge", value: 100 }] };

/** A program with an active connector and a points.earned rule to it. */
async function ruleSetUp(type: EventType = "points.earned") {
  const db = database().db;
  const program = await makeProgram(db);
  const connector = await makeConnector(db, { active: true });
  await makePushRule(db, program.id, type, connector.id);
  return { program, connector, rule: { programId: program.id, eventType: type, connectorId: connector.id } };
}

/** Ingests the catalog example of `type` with some fields changed; returns the event ids in order. */
async function ingest(programId: string, type: EventType, changes: { member?: object; data?: object }[], options = {}) {
  const body = changes.map((c) => {
    const example = exampleInput(type);
    return { ...example, member: { ...example.member, ...c.member }, data: { ...example.data, ...c.data } };
  });
  const validated = validateIngestBody(body);
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  return (await ingestEvents(database().db, programId, validated.items, options)).map((e) => e.id);
}

async function deliveryCounts(ids: string[]) {
  return Promise.all(ids.map(async (id) => (await deliveriesOf(database().db, id)).length));
}

async function skipRows(rule: { programId: string; eventType: string; connectorId: string }) {
  return database()
    .db.select({ hour: pushRuleSkips.hour, skipped: pushRuleSkips.skipped })
    .from(pushRuleSkips)
    .where(
      and(
        eq(pushRuleSkips.programId, rule.programId),
        eq(pushRuleSkips.eventType, rule.eventType),
        eq(pushRuleSkips.connectorId, rule.connectorId),
      ),
    );
}

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );
}

describe("savePushRuleFilter", () => {
  it("stores the structured filter with its compiled path and variables, and audits it", async () => {
    const { program, connector, rule } = await ruleSetUp();
    expect(await savePushRuleFilter(roles.admin, { ...rule, filter: AT_LEAST_100 })).toEqual({ changed: true });
    const [row] = await database().db.select().from(pushRules).where(eq(pushRules.programId, program.id));
    expect(row).toMatchObject({ filter: AT_LEAST_100, filterPath: '($."data"."points" >= $v0)', filterVars: { v0: 100 } });

    // Saving the same filter again changes (and audits) nothing.
    expect(await savePushRuleFilter(roles.admin, { ...rule, filter: AT_LEAST_100 })).toEqual({ changed: false });
    expect(await savePushRuleFilter(roles.admin, { ...rule, filter: null })).toEqual({ changed: true });
    const [cleared] = await database().db.select().from(pushRules).where(eq(pushRules.programId, program.id));
    expect(cleared).toMatchObject({ filter: null, filterPath: null, filterVars: null });

    const entries = await database().db.select().from(auditLog).where(eq(auditLog.entityId, program.id)).orderBy(auditLog.at);
    expect(entries.map((e) => [e.action, e.summary])).toEqual([
      ["push_rule.filter_set", `Set push rule filter: Points earned → ${connector.name} in ${program.name}: data.points ≥ 100`],
      ["push_rule.filter_removed", `Removed push rule filter: Points earned → ${connector.name} in ${program.name}`],
    ]);
    expect(entries[0]!.changes).toEqual({ filter: { before: null, after: "data.points ≥ 100" } });
    expect(entries.every((e) => e.actorId === roles.admin.actor.id && e.entityType === "push_rule")).toBe(true);
  });

  it("refuses a filter that does not fit the schema with field errors, writing nothing", async () => {
    const { program, rule } = await ruleSetUp();
    const error = await errorOf(
      savePushRuleFilter(roles.admin, {
        ...rule,
        filter: { match: "all", conditions: [{ field: "data.points", op: "ge", value: 100 }, { field: "member.level", op: "gt", value: "Gold" }] },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.fieldErrors).toEqual({
      "filter.conditions.1.op": ["> does not apply to a string field; use equals, not equals, in list, not in list, starts with, exists, is missing."],
    });
    const [row] = await database().db.select().from(pushRules).where(eq(pushRules.programId, program.id));
    expect(row).toMatchObject({ filter: null, filterPath: null, filterVars: null });
    expect(await database().db.select().from(auditLog).where(eq(auditLog.entityId, program.id))).toHaveLength(0);
  });

  it("is for admins only, and only for a rule that exists", async () => {
    const { rule } = await ruleSetUp();
    expect(await errorOf(savePushRuleFilter(roles.marketer, { ...rule, filter: AT_LEAST_100 }))).toBeInstanceOf(ForbiddenError);
    const missing = { ...rule, eventType: "points.burned", filter: { match: "all", conditions: [{ field: "data.points", op: "gt", value: 1 }] } };
    expect(await errorOf(savePushRuleFilter(roles.admin, missing))).toBeInstanceOf(NotFoundError);
    const [row] = await database().db.select().from(pushRules).where(eq(pushRules.programId, rule.programId));
    expect(row!.filter).toBeNull();
  });
});

describe("ingest with filtered rules", () => {
  it("plans a delivery only for the events the filter passes, and counts the others as skipped", async () => {
    const db = database().db;
    const { program, rule } = await ruleSetUp();
    const unfiltered = await makeConnector(db, { active: true });
    await makePushRule(db, program.id, "points.earned", unfiltered.id);
    await savePushRuleFilter(roles.admin, { ...rule, filter: AT_LEAST_100 });

    const ids = await ingest(program.id, "points.earned", [{ data: { points: 50 } }, { data: { points: 120 } }, { data: { points: 99 } }]);
    const planned = await Promise.all(ids.map((id) => deliveriesOf(db, id)));
    // The filtered rule's connector gets only the 120-point event; the unfiltered one gets all three.
    // (Without the predicate in the join, the filtered connector would get all three too.)
    expect(planned.map((list) => list.map((d) => d.connectorId).sort())).toEqual([
      [unfiltered.id],
      [rule.connectorId, unfiltered.id].sort(),
      [unfiltered.id],
    ]);
    // The skipped events are stored all the same: only their delivery is left out.
    expect(await db.select({ id: events.id }).from(events).where(eq(events.programId, program.id))).toHaveLength(3);

    const [bucket] = await skipRows(rule);
    expect(bucket!.skipped).toBe(2);
    expect(bucket!.hour.getTime() % 3_600_000).toBe(0);
    expect(await skipRows({ ...rule, connectorId: unfiltered.id })).toEqual([]);

    // A second statement in the same hour adds to the same counter.
    await ingest(program.id, "points.earned", [{ data: { points: 10 } }]);
    expect((await skipRows(rule)).map((r) => r.skipped)).toEqual([3]);
    const matrix = await getRuleMatrix(db, program.id);
    expect(matrix.rules.find((r) => r.connectorId === rule.connectorId)).toMatchObject({ filter: AT_LEAST_100, skipped: 3 });
    expect(matrix.rules.find((r) => r.connectorId === unfiltered.id)).toMatchObject({ filter: null, skipped: 0 });
  });

  it("matches member fields and 'any of them', in a batch keeping order", async () => {
    const { program, rule } = await ruleSetUp();
    await savePushRuleFilter(roles.admin, {
      ...rule,
      filter: {
        match: "any",
        conditions: [
          { field: "member.level", op: "in", value: ["Gold", "Platinum"] },
          { field: "data.action.name", op: "starts_with", value: "Online" },
        ],
      },
    });
    const ids = await ingest(program.id, "points.earned", [
      { member: { level: "Silver" } },
      { member: { level: "Platinum" } },
      { member: { level: "Bronze" }, data: { action: { name: "Online order" } } },
      { member: { level: "Silver" }, data: { action: { name: "In-store purchase" } } },
    ]);
    expect(await deliveryCounts(ids)).toEqual([0, 1, 1, 0]);
    expect((await skipRows(rule)).map((r) => r.skipped)).toEqual([2]);
  });

  it("filters the fan-out of stored events too (the Inngest path)", async () => {
    const db = database().db;
    const { program, rule } = await ruleSetUp();
    await savePushRuleFilter(roles.admin, { ...rule, filter: AT_LEAST_100 });
    const low = await makeEvent(db, program.id, { data: { ...exampleInput("points.earned").data, points: 5 } });
    const high = await makeEvent(db, program.id, { data: { ...exampleInput("points.earned").data, points: 500 } });
    expect(await fanOutEvents(db, [low.id, high.id])).toBe(1);
    expect(await deliveryCounts([low.id, high.id])).toEqual([0, 1]);
    expect((await skipRows(rule)).map((r) => r.skipped)).toEqual([1]);
  });

  it("a test event goes to its target connector whatever the filter; an inactive connector counts no skips", async () => {
    const db = database().db;
    const { program, rule } = await ruleSetUp();
    await savePushRuleFilter(roles.admin, { ...rule, filter: AT_LEAST_100 });
    const [testEvent] = await ingest(program.id, "points.earned", [{ data: { points: 1 } }], { test: true, targetConnectorId: rule.connectorId });
    expect(await deliveryCounts([testEvent!])).toEqual([1]);
    expect(await skipRows(rule)).toEqual([]);

    const idle = await makeConnector(db, { active: false });
    await makePushRule(db, program.id, "points.earned", idle.id);
    await savePushRuleFilter(roles.admin, { ...rule, connectorId: idle.id, filter: AT_LEAST_100 });
    await ingest(program.id, "points.earned", [{ data: { points: 1 } }]);
    expect(await skipRows({ ...rule, connectorId: idle.id })).toEqual([]);
    expect((await skipRows(rule)).map((r) => r.skipped)).toEqual([1]);
  });

  it("a predicate that errs or yields no boolean never fails ingest: it is no match", async () => {
    const db = database().db;
    const { program, rule } = await ruleSetUp();
    const other = await makeConnector(db, { active: true });
    await makePushRule(db, program.id, "points.earned", other.id);
    // Written past the validation on purpose: a string compared with a number, and a bare value.
    await db
      .update(pushRules)
      .set({ filter: AT_LEAST_100, filterPath: '$."member"."level" > $v0', filterVars: { v0: 3 } })
      .where(and(eq(pushRules.programId, program.id), eq(pushRules.connectorId, rule.connectorId)));
    await db
      .update(pushRules)
      .set({ filter: AT_LEAST_100, filterPath: '$."data"."points"', filterVars: {} })
      .where(and(eq(pushRules.programId, program.id), eq(pushRules.connectorId, other.id)));
    const ids = await ingest(program.id, "points.earned", [{}, { member: { level: undefined } }]);
    expect(await deliveryCounts(ids)).toEqual([0, 0]);
    expect((await skipRows(rule)).map((r) => r.skipped)).toEqual([2]);
    expect((await skipRows({ ...rule, connectorId: other.id })).map((r) => r.skipped)).toEqual([2]);
  });
});

describe("skip counters", () => {
  it("shows the last 24 hours only, and the retention job drops counters older than two days", async () => {
    const db = database().db;
    const { program, rule } = await ruleSetUp();
    const now = new Date("2030-03-10T12:30:00Z");
    const hour = (h: number) => new Date(Date.UTC(2030, 2, 10, 12 - h));
    await db.insert(pushRuleSkips).values([
      { ...rule, hour: hour(0), skipped: 4 },
      { ...rule, hour: hour(23), skipped: 5 },
      { ...rule, hour: hour(24), skipped: 100 },
      { ...rule, hour: hour(49), skipped: 1000 },
    ]);
    const matrix = await getRuleMatrix(db, program.id, now);
    expect(matrix.rules[0]).toMatchObject({ skipped: 9 });

    await deleteExpiredLogs(db, 30, now);
    expect((await skipRows(rule)).map((r) => r.skipped).sort((a, b) => a - b)).toEqual([4, 5, 100]);
  });
});

describe("testPushRuleFilter (the dry run)", () => {
  it("runs the filter on the catalog example and the program's last 50 events of the type, newest first", async () => {
    const db = database().db;
    const { program } = await ruleSetUp();
    const points = [10, 150, 99, 100];
    const ids: string[] = [];
    for (const [i, p] of points.entries()) {
      const received = new Date(Date.UTC(2030, 0, 1, 0, i));
      ids.push(...(await ingest(program.id, "points.earned", [{ data: { points: p } }], { now: received })));
    }
    // Neither a test event nor another type's event is among those tried.
    await ingest(program.id, "points.earned", [{ data: { points: 1000 } }], { test: true, targetConnectorId: (await makeConnector(db)).id });
    await ingest(program.id, "points.burned", [{ data: { points: 1000 } }]);

    const result = await testPushRuleFilter(roles.marketer, { programId: program.id, eventType: "points.earned", filter: AT_LEAST_100 });
    expect(result.example).toEqual({ matched: true, values: { "data.points": 120 } });
    expect(result.events.map((e) => [e.id, e.matched, e.values])).toEqual([
      [ids[3], true, { "data.points": 100 }],
      [ids[2], false, { "data.points": 99 }],
      [ids[1], true, { "data.points": 150 }],
      [ids[0], false, { "data.points": 10 }],
    ]);
    expect(result.matched).toBe(2);
    expect(result.events[0]).toMatchObject({ memberId: "mbr_20931", receivedAt: "2030-01-01T00:03:00.000Z" });
  });

  it("keeps to 50 events, and a missing field shows as no value", async () => {
    const { program } = await ruleSetUp();
    await ingest(program.id, "points.earned", Array.from({ length: 55 }, (_, i) => ({ data: { points: i + 1 } })));
    const result = await testPushRuleFilter(roles.admin, {
      programId: program.id,
      eventType: "points.earned",
      filter: { match: "all", conditions: [{ field: "member.level", op: "missing" }] },
    });
    expect(result.events).toHaveLength(50);
    expect(result.matched).toBe(0);
    expect(result.example).toEqual({ matched: false, values: { "member.level": "Gold" } });
  });

  it("refuses a bad filter or an unknown program with field errors", async () => {
    const bad = await errorOf(
      testPushRuleFilter(roles.admin, {
        programId: crypto.randomUUID(),
        eventType: "points.earned",
        filter: { match: "all", conditions: [{ field: "data.nope", op: "eq", value: 1 }] },
      }),
    );
    expect(bad!.fieldErrors).toEqual({ "filter.conditions.0.field": ["data.nope is not a field of this event."] });
    const unknown = await errorOf(testPushRuleFilter(roles.admin, { programId: crypto.randomUUID(), eventType: "points.earned", filter: AT_LEAST_100 }));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown!.fieldErrors).toEqual({ programId: ["Unknown program."] });
  });
});
