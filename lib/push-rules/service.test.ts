import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, pushRules } from "@/db/schema";
import { deleteConnector } from "@/lib/connectors/service";
import { DomainError, ForbiddenError, ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeProgram, makePushRule } from "@/test/support/factories";
import { useRoles } from "@/test/support/roles";
import { getRuleMatrix } from "./queries";
import { addPushRules, removePushRules, savePushRuleChanges } from "./service";

const database = useTestDatabase();
const roles = useRoles(database);

async function rulesOf(programId: string) {
  const rows = await database()
    .db.select({ eventType: pushRules.eventType, connectorId: pushRules.connectorId })
    .from(pushRules)
    .where(eq(pushRules.programId, programId));
  return rows.map((r) => `${r.eventType}→${r.connectorId}`).sort();
}

async function auditFor(programIds: string[]) {
  return database().db.select().from(auditLog).where(inArray(auditLog.entityId, programIds)).orderBy(auditLog.at);
}

/** A marketer's forced write: refused, the program's rules left as they were and nothing audited. */
async function expectRefused(write: Promise<unknown>, programId: string, rulesBefore: string[] = []) {
  await expect(write).rejects.toBeInstanceOf(ForbiddenError);
  expect(await rulesOf(programId)).toEqual(rulesBefore);
  expect(await auditFor([programId])).toEqual([]);
}

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as DomainError).fieldErrors ?? {};
}

describe("addPushRules", () => {
  it("adds the rules to two programs at once and audits each", async () => {
    const db = database().db;
    const [coffee, sport] = [await makeProgram(db), await makeProgram(db)];
    const crm = await makeConnector(db);
    const result = await addPushRules(roles.admin, {
      programIds: [coffee.id, sport.id],
      eventTypes: ["points.earned", "reward.offered"],
      connectorIds: [crm.id],
    });
    expect(result).toEqual({ added: 4, unchanged: 0 });
    const expected = [`points.earned→${crm.id}`, `reward.offered→${crm.id}`];
    expect(await rulesOf(coffee.id)).toEqual(expected);
    expect(await rulesOf(sport.id)).toEqual(expected);

    const entries = await auditFor([coffee.id, sport.id]);
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.action === "push_rule.added" && e.entityType === "push_rule")).toBe(true);
    expect(entries.every((e) => e.actorId === roles.admin.actor.id)).toBe(true);
    expect(entries.map((e) => e.summary)).toContain(`Added push rule: Points earned → ${crm.name} in ${coffee.name}`);
    expect(entries[0]!.changes).toMatchObject({ connector: { before: null, after: crm.name } });
  });

  it("ignores rules that already exist and audits only the new ones", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    await makePushRule(db, program.id, "points.earned", crm.id);
    const result = await addPushRules(roles.admin, {
      programIds: [program.id, program.id],
      eventTypes: ["points.earned", "points.burned", "points.burned"],
      connectorIds: [crm.id],
    });
    expect(result).toEqual({ added: 1, unchanged: 1 });
    expect(await rulesOf(program.id)).toEqual([`points.burned→${crm.id}`, `points.earned→${crm.id}`]);
    expect((await auditFor([program.id])).map((e) => e.summary)).toEqual([
      `Added push rule: Points burned → ${crm.name} in ${program.name}`,
    ]);
  });

  it("asks for at least one event, destination and program", async () => {
    const errors = await fieldErrorsOf(addPushRules(roles.admin, { programIds: [], eventTypes: [], connectorIds: [] }));
    expect(errors).toEqual({
      programIds: ["Choose at least one program."],
      eventTypes: ["Choose at least one event."],
      connectorIds: ["Choose at least one push destination."],
    });
  });

  it("refuses unknown event types, programs and connectors with field messages, writing nothing", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    expect(
      await fieldErrorsOf(addPushRules(roles.admin, { programIds: [program.id], eventTypes: ["points.stolen"], connectorIds: [crm.id] })),
    ).toEqual({ eventTypes: ["Choose events from the list."] });
    expect(
      await fieldErrorsOf(addPushRules(roles.admin, { programIds: ["nope"], eventTypes: ["points.earned"], connectorIds: ["nope"] })),
    ).toEqual({ programIds: ["Unknown program."], connectorIds: ["Unknown push destination."] });
    const missing = crypto.randomUUID();
    expect(
      await fieldErrorsOf(
        addPushRules(roles.admin, { programIds: [program.id, missing], eventTypes: ["points.earned"], connectorIds: [crm.id, missing] }),
      ),
    ).toEqual({ programIds: ["Unknown program."], connectorIds: ["Unknown push destination."] });
    expect(await rulesOf(program.id)).toEqual([]);
  });

  it("refuses a deleted connector", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const live = await makeConnector(db);
    const gone = await makeConnector(db);
    await deleteConnector(roles.admin, { connectorId: gone.id });
    const errors = await fieldErrorsOf(
      addPushRules(roles.admin, { programIds: [program.id], eventTypes: ["points.earned"], connectorIds: [live.id, gone.id] }),
    );
    expect(errors.connectorIds?.[0]).toContain(`${gone.name} has been deleted.`);
    expect(await rulesOf(program.id)).toEqual([]);
  });

  it("refuses a marketer and writes nothing", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    await expectRefused(
      addPushRules(roles.marketer, { programIds: [program.id], eventTypes: ["points.earned"], connectorIds: [crm.id] }),
      program.id,
    );
  });
});

describe("removePushRules", () => {
  it("removes one cell, then a whole row, auditing each rule removed", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const [crm, shop] = [await makeConnector(db), await makeConnector(db)];
    for (const c of [crm, shop]) {
      await makePushRule(db, program.id, "points.earned", c.id);
      await makePushRule(db, program.id, "reward.offered", c.id);
    }

    expect(await removePushRules(roles.admin, { programId: program.id, eventType: "points.earned", connectorId: crm.id })).toEqual({
      removed: 1,
    });
    expect(await rulesOf(program.id)).toEqual(
      [`points.earned→${shop.id}`, `reward.offered→${crm.id}`, `reward.offered→${shop.id}`].sort(),
    );

    expect(await removePushRules(roles.admin, { programId: program.id, eventType: "reward.offered" })).toEqual({ removed: 2 });
    expect(await rulesOf(program.id)).toEqual([`points.earned→${shop.id}`]);

    const entries = await auditFor([program.id]);
    expect(entries.map((e) => e.action)).toEqual(["push_rule.removed", "push_rule.removed", "push_rule.removed"]);
    expect(entries.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        `Removed push rule: Points earned → ${crm.name} in ${program.name}`,
        `Removed push rule: Reward offered → ${crm.name} in ${program.name}`,
        `Removed push rule: Reward offered → ${shop.name} in ${program.name}`,
      ]),
    );
    expect(entries[0]!.changes).toMatchObject({ program: { before: program.name, after: null } });
  });

  it("does nothing for a cell without a rule, and names unknown ids", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    expect(await removePushRules(roles.admin, { programId: program.id, eventType: "points.earned", connectorId: crm.id })).toEqual({
      removed: 0,
    });
    expect(await auditFor([program.id])).toEqual([]);
    const errors = await fieldErrorsOf(
      removePushRules(roles.admin, { programId: crypto.randomUUID(), eventType: "level.up", connectorId: crypto.randomUUID() }),
    );
    expect(errors).toEqual({ eventType: ["Choose an event from the list."] });
    expect(
      await fieldErrorsOf(
        removePushRules(roles.admin, { programId: crypto.randomUUID(), eventType: "points.earned", connectorId: crypto.randomUUID() }),
      ),
    ).toEqual({ programId: ["Unknown program."], connectorId: ["Unknown push destination."] });
  });

  it("refuses a marketer and removes nothing", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    await makePushRule(db, program.id, "points.earned", crm.id);
    await expectRefused(removePushRules(roles.marketer, { programId: program.id, eventType: "points.earned" }), program.id, [
      `points.earned→${crm.id}`,
    ]);
  });
});

describe("savePushRuleChanges", () => {
  it("adds and removes in one go", async () => {
    const db = database().db;
    const [program, other] = [await makeProgram(db), await makeProgram(db)];
    const crm = await makeConnector(db);
    await makePushRule(db, program.id, "points.earned", crm.id);
    const result = await savePushRuleChanges(roles.admin, {
      add: [
        { programId: program.id, eventType: "reward.offered", connectorId: crm.id },
        { programId: other.id, eventType: "reward.offered", connectorId: crm.id },
        { programId: other.id, eventType: "reward.offered", connectorId: crm.id },
      ],
      remove: [{ programId: program.id, eventType: "points.earned", connectorId: crm.id }],
    });
    expect(result).toEqual({ added: 2, removed: 1 });
    expect(await rulesOf(program.id)).toEqual([`reward.offered→${crm.id}`]);
    expect(await rulesOf(other.id)).toEqual([`reward.offered→${crm.id}`]);
    expect((await auditFor([program.id, other.id])).map((e) => e.action).sort()).toEqual([
      "push_rule.added",
      "push_rule.added",
      "push_rule.removed",
    ]);
  });

  it("saves nothing when one change is invalid, pointing at that change", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    const gone = await makeConnector(db);
    await makePushRule(db, program.id, "points.earned", crm.id);
    await deleteConnector(roles.admin, { connectorId: gone.id });
    const errors = await fieldErrorsOf(
      savePushRuleChanges(roles.admin, {
        add: [
          { programId: program.id, eventType: "reward.offered", connectorId: crm.id },
          { programId: program.id, eventType: "reward.offered", connectorId: gone.id },
        ],
        remove: [{ programId: program.id, eventType: "points.earned", connectorId: crm.id }],
      }),
    );
    expect(Object.keys(errors)).toEqual(["add.1.connectorId"]);
    expect(await rulesOf(program.id)).toEqual([`points.earned→${crm.id}`]);
    expect(await auditFor([program.id])).toEqual([]);
  });

  it("refuses an empty save and a rule both added and removed", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    expect(await fieldErrorsOf(savePushRuleChanges(roles.admin, { add: [], remove: [] }))).toEqual({
      form: ["There are no changes to save."],
    });
    const rule = { programId: program.id, eventType: "points.earned", connectorId: crm.id };
    expect(await fieldErrorsOf(savePushRuleChanges(roles.admin, { add: [rule], remove: [rule] }))).toEqual({
      "add.0": ["This rule is also being removed."],
    });
  });

  it("refuses a marketer and writes nothing", async () => {
    const db = database().db;
    const program = await makeProgram(db);
    const crm = await makeConnector(db);
    const add = [{ programId: program.id, eventType: "points.earned", connectorId: crm.id }];
    await expectRefused(savePushRuleChanges(roles.marketer, { add, remove: [] }), program.id);
  });
});

describe("getRuleMatrix", () => {
  it("lists live connectors (inactive included) and the program's rules only", async () => {
    const db = database().db;
    const [program, other] = [await makeProgram(db), await makeProgram(db)];
    const active = await makeConnector(db, { active: true });
    const inactive = await makeConnector(db);
    const gone = await makeConnector(db);
    await makePushRule(db, program.id, "points.earned", inactive.id);
    await makePushRule(db, other.id, "points.burned", active.id);
    await deleteConnector(roles.admin, { connectorId: gone.id });

    const matrix = await getRuleMatrix(db, program.id);
    const ids = matrix.connectors.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([active.id, inactive.id]));
    expect(ids).not.toContain(gone.id);
    expect(matrix.connectors.find((c) => c.id === inactive.id)?.active).toBe(false);
    expect(matrix.rules).toEqual([{ eventType: "points.earned", connectorId: inactive.id, filter: null, skipped: 0 }]);
  });
});
