"use client";

import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormControl, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { MAX_CONDITIONS, operatorLabel, operatorsFor, operatorTakes, type FilterField } from "@/lib/push-rules/filter";
import { newCondition, withField, type Draft, type DraftCondition, type DraftErrors } from "./filter-draft";

function ErrorText({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="text-xs text-destructive">
      {messages.join(" ")}
    </p>
  );
}

/** One condition: field, operator, value (none for operators that take none), each with its error. */
function ConditionRow(props: {
  index: number;
  condition: DraftCondition;
  fields: FilterField[];
  errors: DraftErrors["byCondition"][number] | undefined;
  disabled: boolean;
  onChange: (next: DraftCondition) => void;
  onRemove?: () => void;
}) {
  const { index, condition, fields, errors, disabled, onChange } = props;
  const n = index + 1;
  const id = `filter-condition-${condition.key}`;
  const field = fields.find((f) => f.path === condition.field);
  const type = field?.type ?? "string";
  const takes = operatorTakes(condition.op);
  const aria = (part: "field" | "op" | "value") =>
    errors?.[part]?.length ? { "aria-invalid": true, "aria-describedby": `${id}-${part}-error` } : {};
  return (
    <li className="grid gap-1" data-testid={`filter-condition-${n}`}>
      <div className="grid grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1.3fr)_auto] items-start gap-2">
        <NativeSelect
          aria-label={`Field of condition ${n}`}
          value={condition.field}
          disabled={disabled}
          onChange={(e) => onChange(withField(condition, e.target.value, fields))}
          {...aria("field")}
        >
          {field ? null : <option value={condition.field}>{condition.field}</option>}
          <NativeSelectOptions items={fields} value={(f) => f.path} label={(f) => f.path} />
        </NativeSelect>
        <NativeSelect
          aria-label={`Operator of condition ${n}`}
          value={condition.op}
          disabled={disabled}
          onChange={(e) => onChange({ ...condition, op: e.target.value as DraftCondition["op"] })}
          {...aria("op")}
        >
          <NativeSelectOptions items={operatorsFor(type)} value={(op) => op} label={(op) => operatorLabel(op, type)} />
        </NativeSelect>
        {takes === "none" ? (
          <span aria-hidden />
        ) : field?.options && takes === "single" && condition.op !== "starts_with" ? (
          <NativeSelect
            aria-label={`Value of condition ${n}`}
            value={condition.text}
            disabled={disabled}
            onChange={(e) => onChange({ ...condition, text: e.target.value })}
            {...aria("value")}
          >
            <option value="">Choose…</option>
            <NativeSelectOptions items={field.options} value={(o) => o} label={(o) => o} />
          </NativeSelect>
        ) : (
          <Input
            aria-label={`Value of condition ${n}`}
            value={condition.text}
            disabled={disabled}
            inputMode={type === "number" ? "decimal" : undefined}
            placeholder={takes === "list" ? (field?.options ? field.options.slice(0, 2).join(", ") : "Gold, Platinum") : type === "number" ? "100" : "Value"}
            onChange={(e) => onChange({ ...condition, text: e.target.value })}
            {...aria("value")}
          />
        )}
        <Button variant="ghost" size="icon" disabled={disabled || !props.onRemove} onClick={props.onRemove}>
          <X aria-hidden />
          <span className="sr-only">Remove condition {n}</span>
        </Button>
      </div>
      {takes === "list" ? <p className="text-xs text-muted-foreground">Separate values with commas.</p> : null}
      <ErrorText id={`${id}-field-error`} messages={errors?.field} />
      <ErrorText id={`${id}-op-error`} messages={errors?.op} />
      <ErrorText id={`${id}-value-error`} messages={errors?.value} />
    </li>
  );
}

/** The visual Filter editor: all or any of a list of field / operator / value conditions. */
export function FilterEditor(props: {
  draft: Draft;
  fields: FilterField[];
  errors: DraftErrors;
  disabled: boolean;
  onChange: (next: Draft) => void;
}) {
  const { draft, fields, errors, disabled, onChange } = props;
  const setCondition = (i: number, next: DraftCondition) =>
    onChange({ ...draft, conditions: draft.conditions.map((c, j) => (j === i ? next : c)) });
  return (
    <div className="grid gap-3">
      <FormField label="Send an event when" id="filter-match">
        <FormControl>
          <NativeSelect
            value={draft.match}
            disabled={disabled}
            onChange={(e) => onChange({ ...draft, match: e.target.value as Draft["match"] })}
          >
            <option value="all">all conditions must hold</option>
            <option value="any">any of them holds</option>
          </NativeSelect>
        </FormControl>
      </FormField>
      <ol aria-label="Conditions" className="grid gap-2">
        {draft.conditions.map((condition, i) => (
          <ConditionRow
            key={condition.key}
            index={i}
            condition={condition}
            fields={fields}
            errors={errors.byCondition[i]}
            disabled={disabled}
            onChange={(next) => setCondition(i, next)}
            onRemove={draft.conditions.length > 1 ? () => onChange({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) }) : undefined}
          />
        ))}
      </ol>
      <div>
        <Button
          variant="outline"
          size="sm"
          disabled={disabled || draft.conditions.length >= MAX_CONDITIONS}
          onClick={() => onChange({ ...draft, conditions: [...draft.conditions, newCondition(fields)] })}
        >
          <Plus aria-hidden /> Add condition
        </Button>
      </div>
    </div>
  );
}
