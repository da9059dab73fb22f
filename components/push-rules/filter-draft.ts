import { operatorsFor, operatorTakes, type Filter, type FilterField, type FilterOperator } from "@/lib/push-rules/filter";

/*
 * The Filter editor's working copy: values as typed (text), turned into the typed filter the
 * server validates only when testing or saving. The server's checks are the only ones: a number
 * field's "12a" is sent as text, and the answer "Enter a number." comes back to its row.
 */

export type DraftCondition = { key: number; field: string; op: FilterOperator; text: string };
export type Draft = { match: "all" | "any"; conditions: DraftCondition[] };

let nextKey = 1;

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return value === undefined || value === null ? "" : String(value);
}

export function newCondition(fields: FilterField[]): DraftCondition {
  const field = fields.find((f) => f.type === "number") ?? fields[0]!;
  return { key: nextKey++, field: field.path, op: operatorsFor(field.type)[0]!, text: "" };
}

export function draftOf(filter: Filter | null, fields: FilterField[]): Draft {
  if (!filter) return { match: "all", conditions: [newCondition(fields)] };
  return {
    match: filter.match,
    conditions: filter.conditions.map((c) => ({ key: nextKey++, field: c.field, op: c.op, text: valueText(c.value) })),
  };
}

/** A condition moved to another field keeps its operator only if that still fits the field's type. */
export function withField(condition: DraftCondition, path: string, fields: FilterField[]): DraftCondition {
  const field = fields.find((f) => f.path === path);
  if (!field) return { ...condition, field: path };
  const ops = operatorsFor(field.type);
  return { ...condition, field: path, op: ops.includes(condition.op) ? condition.op : ops[0]! };
}

function typedValue(condition: DraftCondition, field: FilterField | undefined): unknown {
  const takes = operatorTakes(condition.op);
  if (takes === "none") return undefined;
  const single = (text: string) => {
    const trimmed = text.trim();
    if (field?.type === "number" && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
    return trimmed;
  };
  if (takes === "list") return condition.text.split(",").map((t) => t.trim()).filter(Boolean).map(single);
  return single(condition.text);
}

export function filterOfDraft(draft: Draft, fields: FilterField[]): Filter {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  return {
    match: draft.match,
    conditions: draft.conditions.map((c) => {
      const value = typedValue(c, byPath.get(c.field));
      return value === undefined ? { field: c.field, op: c.op } : { field: c.field, op: c.op, value };
    }),
  };
}

export type DraftErrors = { general: string[]; byCondition: Record<number, Partial<Record<"field" | "op" | "value", string[]>>> };
export const NO_DRAFT_ERRORS: DraftErrors = { general: [], byCondition: {} };

/** Puts the verbs' `filter.conditions.<i>.<part>` errors next to the row and control they name. */
export function draftErrorsOf(fieldErrors: Record<string, string[]> | undefined, message: string): DraftErrors {
  const errors: DraftErrors = { general: [], byCondition: {} };
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const match = /^filter\.conditions\.(\d+)\.(field|op|value)$/.exec(path);
    if (match) {
      const row = (errors.byCondition[Number(match[1])] ??= {});
      (row[match[2] as "field" | "op" | "value"] ??= []).push(...messages);
    } else {
      errors.general.push(...messages);
    }
  }
  if (errors.general.length === 0 && Object.keys(errors.byCondition).length === 0) errors.general.push(message);
  return errors;
}
