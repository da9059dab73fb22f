import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Queryable, Tx } from "@/db";
import { connectors, programs, pushRules } from "@/db/schema";
import { assertCan, type Actor, type Ctx } from "@/lib/auth/actor";
import { diff, recordAudit } from "@/lib/audit/service";
import { rowsOf } from "@/db/sql";
import { NotFoundError, ValidationError, type FieldErrors } from "@/lib/errors";
import { exampleInput } from "@/lib/events/catalog";
import { eventTypeLabel, type EventType } from "@/lib/events/types";
import { parseInput } from "@/lib/validation";
import { compileFilter, describeFilter, fieldValue, type CompiledFilter, type Filter } from "./filter";
import { filterMatches } from "./filter-sql";
import {
  addPushRulesSchema,
  removePushRulesSchema,
  ruleKey,
  savePushRuleChangesSchema,
  savePushRuleFilterSchema,
  testPushRuleFilterSchema,
  type PushRuleTriple,
} from "./schemas";

type ConnectorRef = { name: string; live: boolean };
type Names = { programs: Map<string, string>; connectors: Map<string, ConnectorRef> };

const UNKNOWN_PROGRAM = "Unknown program.";
const UNKNOWN_CONNECTOR = "Unknown push destination.";

async function loadPrograms(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: programs.id, name: programs.name }).from(programs).where(inArray(programs.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Deleted connectors are returned too (marked not live) so the message can name them. The share
 * lock, taken in id order, makes a concurrent connector delete wait for this transaction, so a
 * rule is never inserted for a connector whose rules that delete has just cleared.
 */
async function loadConnectors(tx: Tx, ids: string[]): Promise<Map<string, ConnectorRef>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: connectors.id, name: connectors.name, deletedAt: connectors.deletedAt })
    .from(connectors)
    .where(inArray(connectors.id, ids))
    .orderBy(asc(connectors.id))
    .for("share");
  return new Map(rows.map((r) => [r.id, { name: r.name, live: !r.deletedAt }]));
}

function destinationProblem(connector: ConnectorRef | undefined): string | undefined {
  if (!connector) return UNKNOWN_CONNECTOR;
  if (!connector.live) return `${connector.name} has been deleted. Reload the page and choose another push destination.`;
  return undefined;
}

function failIfAny(errors: FieldErrors) {
  if (Object.keys(errors).length > 0) throw new ValidationError("Check the highlighted fields.", errors);
}

function uniqueRules(rules: PushRuleTriple[]): PushRuleTriple[] {
  return [...new Map(rules.map((r) => [ruleKey(r), r])).values()];
}

async function audit(tx: Tx, actor: Actor, kind: "added" | "removed", rule: PushRuleTriple, names: Names) {
  const program = names.programs.get(rule.programId) ?? rule.programId;
  const connector = names.connectors.get(rule.connectorId)?.name ?? rule.connectorId;
  const fields = { program, event: rule.eventType, connector };
  await recordAudit(tx, actor, {
    action: `push_rule.${kind}`,
    entityType: "push_rule",
    entityId: rule.programId,
    summary: `${kind === "added" ? "Added" : "Removed"} push rule: ${eventTypeLabel(rule.eventType)} → ${connector} in ${program}`,
    changes: kind === "added" ? diff(null, fields) : diff(fields, null),
  });
}

/** Inserts the rules that do not exist yet and audits exactly those. */
async function insertRules(tx: Tx, actor: Actor, rules: PushRuleTriple[], names: Names) {
  if (rules.length === 0) return [];
  const inserted = await tx
    .insert(pushRules)
    .values(rules.map((r) => ({ ...r, createdBy: actor.id })))
    .onConflictDoNothing()
    .returning({ programId: pushRules.programId, eventType: pushRules.eventType, connectorId: pushRules.connectorId });
  for (const rule of inserted as PushRuleTriple[]) await audit(tx, actor, "added", rule, names);
  return inserted;
}

/** Deletes the matching rules and audits exactly the ones that existed. */
async function deleteRules(tx: Tx, actor: Actor, where: SQL, programNames: Map<string, string>) {
  const removed = (await tx
    .delete(pushRules)
    .where(where)
    .returning({ programId: pushRules.programId, eventType: pushRules.eventType, connectorId: pushRules.connectorId })) as PushRuleTriple[];
  const names = { programs: programNames, connectors: await loadConnectors(tx, [...new Set(removed.map((r) => r.connectorId))]) };
  for (const rule of removed) await audit(tx, actor, "removed", rule, names);
  return removed;
}

function matches(rule: PushRuleTriple): SQL {
  return and(
    eq(pushRules.programId, rule.programId),
    eq(pushRules.eventType, rule.eventType),
    eq(pushRules.connectorId, rule.connectorId),
  )!;
}

/**
 * Pushes every ticked event to every chosen connector, in each chosen program. Rules that already
 * exist are left as they are (and not audited again).
 */
export async function addPushRules(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "push-rules.write");
  const input = parseInput(addPushRulesSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const names = {
      programs: await loadPrograms(tx, input.programIds),
      connectors: await loadConnectors(tx, input.connectorIds),
    };
    const errors: FieldErrors = {};
    if (input.programIds.some((id) => !names.programs.has(id))) errors.programIds = [UNKNOWN_PROGRAM];
    const problems = input.connectorIds.flatMap((id) => destinationProblem(names.connectors.get(id)) ?? []);
    if (problems.length > 0) errors.connectorIds = [...new Set(problems)];
    failIfAny(errors);
    const rules = input.programIds.flatMap((programId) =>
      input.eventTypes.flatMap((eventType) => input.connectorIds.map((connectorId) => ({ programId, eventType, connectorId }))),
    );
    const added = await insertRules(tx, ctx.actor, rules, names);
    return { added: added.length, unchanged: rules.length - added.length };
  });
}

/** Removes one cell of a program's matrix, or its whole row when no connector is given. */
export async function removePushRules(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "push-rules.write");
  const input = parseInput(removePushRulesSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const programNames = await loadPrograms(tx, [input.programId]);
    const errors: FieldErrors = {};
    if (!programNames.has(input.programId)) errors.programId = [UNKNOWN_PROGRAM];
    // A deleted connector has no rules left, so removing one of its cells is simply done already.
    if (input.connectorId && !(await loadConnectors(tx, [input.connectorId])).has(input.connectorId)) {
      errors.connectorId = [UNKNOWN_CONNECTOR];
    }
    failIfAny(errors);
    const where = and(
      eq(pushRules.programId, input.programId),
      eq(pushRules.eventType, input.eventType),
      input.connectorId ? eq(pushRules.connectorId, input.connectorId) : undefined,
    )!;
    const removed = await deleteRules(tx, ctx.actor, where, programNames);
    return { removed: removed.length };
  });
}

/**
 * Applies the Push rules screen's pending changes in one transaction: all of them or none.
 * Field errors are keyed by position (`add.2.connectorId`) so the screen can point at the entry.
 */
export async function savePushRuleChanges(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "push-rules.write");
  const input = parseInput(savePushRuleChangesSchema, raw);
  const all = [...input.add, ...input.remove];
  return ctx.db.transaction(async (tx) => {
    const names = {
      programs: await loadPrograms(tx, [...new Set(all.map((r) => r.programId))]),
      connectors: await loadConnectors(tx, [...new Set(all.map((r) => r.connectorId))]),
    };
    const errors: FieldErrors = {};
    input.add.forEach((rule, i) => {
      if (!names.programs.has(rule.programId)) errors[`add.${i}.programId`] = [UNKNOWN_PROGRAM];
      const problem = destinationProblem(names.connectors.get(rule.connectorId));
      if (problem) errors[`add.${i}.connectorId`] = [problem];
    });
    input.remove.forEach((rule, i) => {
      if (!names.programs.has(rule.programId)) errors[`remove.${i}.programId`] = [UNKNOWN_PROGRAM];
      if (!names.connectors.has(rule.connectorId)) errors[`remove.${i}.connectorId`] = [UNKNOWN_CONNECTOR];
    });
    failIfAny(errors);
    const removals = uniqueRules(input.remove);
    const removed = removals.length ? await deleteRules(tx, ctx.actor, or(...removals.map(matches))!, names.programs) : [];
    const added = await insertRules(tx, ctx.actor, uniqueRules(input.add), names);
    return { added: added.length, removed: removed.length };
  });
}

/** How many recent events of the type the dry run tries a filter on. */
const DRY_RUN_EVENTS = 50;

function compiledParams(compiled: CompiledFilter) {
  return { path: sql`${compiled.path}`, vars: sql`${JSON.stringify(compiled.vars)}::jsonb` };
}

/** Whether the catalog example of the type passes. */
async function exampleMatches(db: Queryable, eventType: EventType, compiled: CompiledFilter): Promise<boolean> {
  const example = exampleInput(eventType);
  const { path, vars } = compiledParams(compiled);
  const match = filterMatches(sql`${JSON.stringify(example.member)}::jsonb`, sql`${JSON.stringify(example.data)}::jsonb`, path, vars);
  const [row] = rowsOf<{ matched: boolean }>(await db.execute(sql`select ${match} as matched`));
  return row!.matched;
}

/**
 * Evaluates a compiled filter once before it is stored. The compiler only writes paths that parse,
 * with a variable for every value; this makes sure of it, because the ingest statement would fail
 * on a path that does not (jsonb_path_match's silent mode covers evaluation, not parsing).
 * Returns whether the catalog example passes.
 */
async function assertEvaluates(db: Queryable, eventType: EventType, compiled: CompiledFilter): Promise<boolean> {
  try {
    return await exampleMatches(db, eventType, compiled);
  } catch {
    throw new ValidationError("This filter could not be checked. Change a condition and try again.", {
      filter: ["The database refused this filter."],
    });
  }
}

/** jsonb keeps an object's keys in its own order, so filters are compared with their keys sorted. */
function sameFilter(a: Filter | null, b: Filter | null): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

async function loadFilter(tx: Tx, rule: PushRuleTriple): Promise<Filter | null | undefined> {
  const [row] = await tx.select({ filter: pushRules.filter }).from(pushRules).where(matches(rule)).for("update");
  return row ? ((row.filter as Filter | null) ?? null) : undefined;
}

/**
 * Sets the Filter of one existing rule, or removes it with `filter: null`: the structured form the
 * editor shows and its compiled predicate are written together, with an audit row. An unchanged
 * filter writes nothing.
 */
export async function savePushRuleFilter(ctx: Ctx, raw: unknown) {
  assertCan(ctx.actor, "push-rules.write");
  const input = parseInput(savePushRuleFilterSchema, raw);
  const rule: PushRuleTriple = { programId: input.programId, eventType: input.eventType, connectorId: input.connectorId };
  const compiled = input.filter ? compileFilter(input.filter) : null;
  // Outside the transaction: a refused path must not abort it (and PGlite has one connection).
  if (compiled) await assertEvaluates(ctx.db, input.eventType, compiled);
  return ctx.db.transaction(async (tx) => {
    const before = await loadFilter(tx, rule);
    if (before === undefined) throw new NotFoundError("This push rule");
    if (sameFilter(before, input.filter)) return { changed: false };
    await tx
      .update(pushRules)
      .set({ filter: input.filter, filterPath: compiled?.path ?? null, filterVars: compiled?.vars ?? null })
      .where(matches(rule));
    const programName = (await loadPrograms(tx, [rule.programId])).get(rule.programId) ?? rule.programId;
    const connectorName = (await loadConnectors(tx, [rule.connectorId])).get(rule.connectorId)?.name ?? rule.connectorId;
    const describe = (f: Filter | null) => (f ? describeFilter(f, input.eventType) : null);
    const target = `${eventTypeLabel(rule.eventType)} → ${connectorName} in ${programName}`;
    await recordAudit(tx, ctx.actor, {
      action: input.filter ? "push_rule.filter_set" : "push_rule.filter_removed",
      entityType: "push_rule",
      entityId: rule.programId,
      summary: input.filter ? `Set push rule filter: ${target}: ${describe(input.filter)}` : `Removed push rule filter: ${target}`,
      changes: diff({ filter: describe(before) }, { filter: describe(input.filter) }),
    });
    return { changed: true };
  });
}

type DryRunEvent = {
  id: string;
  memberId: string;
  receivedAt: string;
  matched: boolean;
  /** The filter's fields as this event has them (a missing field is left out). */
  values: Record<string, unknown>;
};
export type DryRunResult = {
  example: { matched: boolean; values: Record<string, unknown> };
  events: DryRunEvent[];
  matched: number;
};

function filterValues(filter: Filter, event: { member: unknown; data: unknown }): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { field } of filter.conditions) {
    const value = fieldValue(event, field);
    if (value !== undefined) values[field] = value;
  }
  return values;
}

/**
 * Test filter: runs a filter, saved or not, against the catalog example and the program's last
 * {@link DRY_RUN_EVENTS} events of the type (test events left out: they bypass push rules), with
 * the same expression the ingest statement uses. Reads only; anyone who may see the rules may.
 */
export async function testPushRuleFilter(ctx: Ctx, raw: unknown): Promise<DryRunResult> {
  assertCan(ctx.actor, "push-rules.read");
  const input = parseInput(testPushRuleFilterSchema, raw);
  const [program] = await ctx.db.select({ id: programs.id }).from(programs).where(eq(programs.id, input.programId));
  if (!program) throw new ValidationError("Check the highlighted fields.", { programId: ["Unknown program."] });
  const compiled = compileFilter(input.filter);
  const exampleMatched = await assertEvaluates(ctx.db, input.eventType, compiled);
  const { path, vars } = compiledParams(compiled);
  const rows = rowsOf<{ id: string; member_id: string; received_at: string | Date; member: unknown; data: unknown; matched: boolean }>(
    await ctx.db.execute(sql`
      select id, member_id, received_at, member, data, ${filterMatches(sql`member`, sql`data`, path, vars)} as matched
      from events
      where program_id = ${input.programId} and type = ${input.eventType} and not test
      order by received_at desc, id desc
      limit ${DRY_RUN_EVENTS}`),
  );
  const example = exampleInput(input.eventType);
  const events = rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    receivedAt: new Date(r.received_at).toISOString(),
    matched: r.matched,
    values: filterValues(input.filter, r),
  }));
  return {
    example: { matched: exampleMatched, values: filterValues(input.filter, example) },
    events,
    matched: events.filter((e) => e.matched).length,
  };
}
