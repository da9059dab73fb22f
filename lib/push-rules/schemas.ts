import { z } from "zod";
import { eventTypeIds, isEventType, type EventType } from "@/lib/events/types";
import { filterSchemaFor, type Filter } from "./filter";

/** Bounds one request: every rule written also writes an audit row in the same transaction. */
const MAX_RULES_PER_SAVE = 500;

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/**
 * A list of ids where the message belongs to the whole list (one field in the form), not to an
 * element of it. Duplicates are dropped.
 */
function idList(empty: string, invalid: string) {
  return z
    .array(z.string(), { error: empty })
    .min(1, empty)
    .max(MAX_RULES_PER_SAVE, `Choose at most ${MAX_RULES_PER_SAVE}.`)
    .refine((ids) => ids.every(isUuid), invalid)
    .transform((ids) => [...new Set(ids)]);
}

const eventTypeList = z
  .array(z.string(), { error: "Choose at least one event." })
  .min(1, "Choose at least one event.")
  .max(100, "Choose at most 100 events.")
  .refine((ids) => ids.every(isEventType), "Choose events from the list.")
  .transform((ids) => [...new Set(ids)] as EventType[]);

/** Tick events × push destinations, for one or more programs at once. */
export const addPushRulesSchema = z
  .object({
    programIds: idList("Choose at least one program.", "Unknown program."),
    eventTypes: eventTypeList,
    connectorIds: idList("Choose at least one push destination.", "Unknown push destination."),
  })
  .refine((v) => v.programIds.length * v.eventTypes.length * v.connectorIds.length <= MAX_RULES_PER_SAVE, {
    message: `Add at most ${MAX_RULES_PER_SAVE} rules at once.`,
    path: ["form"],
  });

/** A cell of the matrix, or a whole row when connectorId is left out. */
export const removePushRulesSchema = z.object({
  programId: z.uuid("Unknown program."),
  eventType: z.enum(eventTypeIds, { error: "Choose an event from the list." }),
  connectorId: z.uuid("Unknown push destination.").optional(),
});

const pushRuleSchema = z.object({
  programId: z.uuid("Unknown program."),
  eventType: z.enum(eventTypeIds, { error: "Choose an event from the list." }),
  connectorId: z.uuid("Unknown push destination."),
});
export type PushRuleTriple = z.output<typeof pushRuleSchema>;

export function ruleKey(rule: { programId: string; eventType: string; connectorId: string }) {
  return `${rule.programId}|${rule.eventType}|${rule.connectorId}`;
}

/** The pending changes of the Push rules screen, saved together or not at all. */
export const savePushRuleChangesSchema = z
  .object({
    add: z.array(pushRuleSchema).max(MAX_RULES_PER_SAVE, `Save at most ${MAX_RULES_PER_SAVE} new rules at once.`),
    remove: z.array(pushRuleSchema).max(MAX_RULES_PER_SAVE, `Save at most ${MAX_RULES_PER_SAVE} removals at once.`),
  })
  .superRefine((v, ctx) => {
    if (v.add.length + v.remove.length === 0) {
      ctx.addIssue({ code: "custom", message: "There are no changes to save.", path: ["form"] });
    }
    const removed = new Set(v.remove.map(ruleKey));
    v.add.forEach((rule, i) => {
      if (removed.has(ruleKey(rule))) {
        ctx.addIssue({ code: "custom", message: "This rule is also being removed.", path: ["add", i] });
      }
    });
  });

/**
 * A rule's filter checked against its event type's schema: `null` passes through (no filter), and
 * the filter's issues are reported under `filter.conditions.<i>.<part>`.
 */
function checkFilter(eventType: EventType, filter: unknown, ctx: z.RefinementCtx): Filter | null {
  if (filter === null) return null;
  const parsed = filterSchemaFor(eventType).safeParse(filter);
  if (parsed.success) return parsed.data as Filter;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["filter", ...issue.path] });
  return null;
}

/** Sets (or, with `filter: null`, removes) the Filter of one existing rule. */
export const savePushRuleFilterSchema = pushRuleSchema
  .extend({ filter: z.unknown().refine((v) => v !== undefined, "Send a filter, or null to remove it.") })
  .transform((input, ctx) => ({ ...input, filter: checkFilter(input.eventType, input.filter, ctx) }));

/** The dry run: a filter (saved or not) against a program's recent events of one type. */
export const testPushRuleFilterSchema = z
  .object({
    programId: z.uuid("Unknown program."),
    eventType: z.enum(eventTypeIds, { error: "Choose an event from the list." }),
    filter: z.unknown().refine((v) => v !== undefined && v !== null, "Add at least one condition to test."),
  })
  .transform((input, ctx) => ({ ...input, filter: checkFilter(input.eventType, input.filter, ctx)! }));
