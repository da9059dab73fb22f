import { z } from "zod";
import { jsonSchemaFor } from "@/lib/events/catalog";
import type { EventType } from "@/lib/events/types";

/*
 * A push rule's Filter: conditions on the event's `member` and `data` fields, as the editor builds
 * them, compiled to a PostgreSQL SQL/JSON path predicate that the ingest statement evaluates with
 * jsonb_path_match. Two rules keep that safe:
 *  - field paths come only from the event catalog's schema (a field not in it is refused), and are
 *    written as quoted member accessors;
 *  - every value a user typed travels as a jsonpath variable ($v0, $v1 … in `filter_vars`), never
 *    as text of the path.
 * So the path text is made of fixed operators and known field names only.
 */

export type FieldType = "number" | "string" | "boolean";

/** A field a condition can test: `member.level`, `data.action.name`. */
export type FilterField = { path: string; type: FieldType; options?: string[]; description?: string };

export const MAX_CONDITIONS = 20;
const MAX_LIST_VALUES = 50;
const MAX_TEXT = 500;

/** Operators by id, each with the field types it applies to and the value it takes. */
const filterOperators = {
  eq: { types: ["number", "string"], value: "single" },
  ne: { types: ["number", "string"], value: "single" },
  lt: { types: ["number"], value: "single" },
  le: { types: ["number"], value: "single" },
  gt: { types: ["number"], value: "single" },
  ge: { types: ["number"], value: "single" },
  in: { types: ["string"], value: "list" },
  not_in: { types: ["string"], value: "list" },
  starts_with: { types: ["string"], value: "single" },
  is_true: { types: ["boolean"], value: "none" },
  is_false: { types: ["boolean"], value: "none" },
  exists: { types: ["number", "string", "boolean"], value: "none" },
  missing: { types: ["number", "string", "boolean"], value: "none" },
} as const satisfies Record<string, { types: readonly FieldType[]; value: "single" | "list" | "none" }>;
export type FilterOperator = keyof typeof filterOperators;
const operatorIds = Object.keys(filterOperators) as [FilterOperator, ...FilterOperator[]];

/** How the editor and the audit log name an operator: symbols for numbers, words for text. */
export function operatorLabel(op: FilterOperator, type: FieldType): string {
  if (type === "number") {
    const symbols: Partial<Record<FilterOperator, string>> = { eq: "=", ne: "≠", lt: "<", le: "≤", gt: ">", ge: "≥" };
    if (symbols[op]) return symbols[op];
  }
  const words: Record<FilterOperator, string> = {
    eq: "equals",
    ne: "not equals",
    lt: "<",
    le: "≤",
    gt: ">",
    ge: "≥",
    in: "in list",
    not_in: "not in list",
    starts_with: "starts with",
    is_true: "is true",
    is_false: "is false",
    exists: "exists",
    missing: "is missing",
  };
  return words[op];
}

/** The operators that fit a field's type, in the order the editor offers them. */
export function operatorsFor(type: FieldType): FilterOperator[] {
  return operatorIds.filter((op) => (filterOperators[op].types as readonly FieldType[]).includes(type));
}

export function operatorTakes(op: FilterOperator): "single" | "list" | "none" {
  return filterOperators[op].value;
}

type JsonSchema = { type?: string; enum?: unknown[]; properties?: Record<string, JsonSchema>; description?: string };

/**
 * The scalar fields of an object schema, nested objects flattened (`action.name`). Arrays are left
 * out: "any identifier's type equals card" reads well, but "not equals" over a list does not, and
 * a small filter that means what it says is worth more here.
 */
function scalarFields(prefix: string, schema: JsonSchema): FilterField[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]): FilterField[] => {
    const path = `${prefix}.${name}`;
    if (property.type === "object") return scalarFields(path, property);
    const type: FieldType | undefined =
      property.type === "integer" || property.type === "number"
        ? "number"
        : property.type === "string"
          ? "string"
          : property.type === "boolean"
            ? "boolean"
            : undefined;
    if (!type) return [];
    const options = property.enum?.filter((v): v is string => typeof v === "string");
    return [{ path, type, ...(options?.length ? { options } : {}), ...(property.description ? { description: property.description } : {}) }];
  });
}

const fieldCache = new Map<EventType, FilterField[]>();

/** Every field a filter on this event type may test: the member's, then the type's data. */
export function filterFields(type: EventType): FilterField[] {
  let fields = fieldCache.get(type);
  if (!fields) {
    const schema = jsonSchemaFor(type) as { member: JsonSchema; data: JsonSchema };
    fields = [...scalarFields("member", schema.member), ...scalarFields("data", schema.data)];
    fieldCache.set(type, fields);
  }
  return fields;
}

const filterConditionSchema = z.object({
  field: z.string({ error: "Choose a field." }).min(1, "Choose a field."),
  op: z.enum(operatorIds, { error: "Choose an operator." }),
  value: z.unknown().optional(),
});
type FilterCondition = { field: string; op: FilterOperator; value?: unknown };

/** The editor's structured form, as stored in `push_rules.filter`. */
const filterShapeSchema = z.object({
  match: z.enum(["all", "any"], { error: "Choose all or any." }),
  conditions: z
    .array(filterConditionSchema)
    .min(1, "Add at least one condition, or remove the filter.")
    .max(MAX_CONDITIONS, `Use at most ${MAX_CONDITIONS} conditions.`),
});
export type Filter = { match: "all" | "any"; conditions: FilterCondition[] };

function valueProblem(field: FilterField, op: FilterOperator, value: unknown): string | undefined {
  const takes = operatorTakes(op);
  if (takes === "none") return value === undefined || value === null ? undefined : "This operator takes no value.";
  const single = (v: unknown): string | undefined => {
    if (field.type === "number") return typeof v === "number" && Number.isFinite(v) ? undefined : "Enter a number.";
    if (typeof v !== "string") return "Enter a text value.";
    if (v.length === 0) return "Enter a value.";
    if (v.length > MAX_TEXT) return `Use at most ${MAX_TEXT} characters.`;
    if (field.options && op !== "starts_with" && !field.options.includes(v)) return `Choose one of: ${field.options.join(", ")}.`;
    return undefined;
  };
  if (takes === "single") return single(value);
  if (!Array.isArray(value) || value.length === 0) return "Enter at least one value.";
  if (value.length > MAX_LIST_VALUES) return `Use at most ${MAX_LIST_VALUES} values.`;
  return value.map(single).find(Boolean);
}

/**
 * A filter for one event type: every field known to the catalog, every operator fitting its
 * field's type, every value of the field's type. Issues are keyed `conditions.<i>.<part>` (under
 * the prefix the caller's schema nests it in) so the editor can put each next to its control.
 */
export function filterSchemaFor(type: EventType) {
  const fields = new Map(filterFields(type).map((f) => [f.path, f]));
  return filterShapeSchema.superRefine((filter, ctx) => {
    filter.conditions.forEach((condition, i) => {
      const field = fields.get(condition.field);
      if (!field) {
        ctx.addIssue({ code: "custom", path: ["conditions", i, "field"], message: `${condition.field} is not a field of this event.` });
        return;
      }
      if (!operatorsFor(field.type).includes(condition.op)) {
        const allowed = operatorsFor(field.type).map((op) => operatorLabel(op, field.type));
        ctx.addIssue({
          code: "custom",
          path: ["conditions", i, "op"],
          message: `${operatorLabel(condition.op, field.type)} does not apply to a ${field.type} field; use ${allowed.join(", ")}.`,
        });
        return;
      }
      const problem = valueProblem(field, condition.op, condition.value);
      if (problem) ctx.addIssue({ code: "custom", path: ["conditions", i, "value"], message: problem });
    });
  });
}

/** Reads a filter field's value out of an event's member and data (undefined when missing). */
export function fieldValue(event: { member: unknown; data: unknown }, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `$."data"."points"`: a field path as quoted jsonpath member accessors. */
function accessor(path: string): string {
  return "$" + path.split(".").map((key) => `."${key.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join("");
}

function predicate(condition: FilterCondition, variable: string): string {
  const f = accessor(condition.field);
  switch (condition.op) {
    case "eq":
      return `${f} == ${variable}`;
    // "Not equals" also holds when the field is missing: a member without a level is not Gold.
    case "ne":
      return `!(${f} == ${variable})`;
    case "lt":
      return `${f} < ${variable}`;
    case "le":
      return `${f} <= ${variable}`;
    case "gt":
      return `${f} > ${variable}`;
    case "ge":
      return `${f} >= ${variable}`;
    // A list variable compared with [*]: true when the field equals any of its values.
    case "in":
      return `${f} == ${variable}[*]`;
    case "not_in":
      return `!(${f} == ${variable}[*])`;
    case "starts_with":
      return `${f} starts with ${variable}`;
    case "is_true":
      return `${f} == true`;
    case "is_false":
      return `${f} == false`;
    case "exists":
      return `exists(${f})`;
    case "missing":
      return `!exists(${f})`;
  }
}

export type CompiledFilter = { path: string; vars: Record<string, unknown> };

/**
 * The SQL/JSON path predicate of a validated filter, evaluated over `{ member, data }`. Only
 * conditions with a value get a variable, named after the condition's position.
 */
export function compileFilter(filter: Filter): CompiledFilter {
  const vars: Record<string, unknown> = {};
  const parts = filter.conditions.map((condition, i) => {
    const variable = `$v${i}`;
    if (operatorTakes(condition.op) !== "none") vars[`v${i}`] = condition.value;
    return `(${predicate(condition, variable)})`;
  });
  return { path: parts.join(filter.match === "all" ? " && " : " || "), vars };
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `data.points ≥ 100 and member.level in list Gold, Platinum`: a filter in one line, for people. */
export function describeFilter(filter: Filter, type: EventType): string {
  const fields = new Map(filterFields(type).map((f) => [f.path, f]));
  return filter.conditions
    .map((c) => {
      const label = operatorLabel(c.op, fields.get(c.field)?.type ?? "string");
      return operatorTakes(c.op) === "none" ? `${c.field} ${label}` : `${c.field} ${label} ${describeValue(c.value)}`;
    })
    .join(filter.match === "all" ? " and " : " or ");
}
