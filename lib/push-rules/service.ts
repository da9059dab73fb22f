import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Tx } from "@/db";
import { connectors, programs, pushRules } from "@/db/schema";
import { assertCan, type Actor, type Ctx } from "@/lib/auth/actor";
import { diff, recordAudit } from "@/lib/audit/service";
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { eventTypeLabel } from "@/lib/events/types";
import { parseInput } from "@/lib/validation";
import {
  addPushRulesSchema,
  removePushRulesSchema,
  ruleKey,
  savePushRuleChangesSchema,
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
