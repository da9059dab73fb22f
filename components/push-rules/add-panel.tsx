"use client";

import { useState } from "react";
import { Plus } from "lucide-react";
import { WithReason } from "@/components/ui/with-reason";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import type { FieldErrors } from "@/lib/errors";
import { eventTypes } from "@/lib/events/types";
import { addPushRulesSchema } from "@/lib/push-rules/schemas";
import type { PushDestination } from "@/lib/push-rules/queries";
import { fieldErrorsOf } from "@/lib/validation";
import type { Rule } from "./pending";

type Program = { id: string; name: string };
type Option = { id: string; label: string; hint?: string };
/** The three groups of ticks, named as the schema names their fields ("Also apply to" is `programIds`). */
type Group = "eventTypes" | "connectorIds" | "programIds";

const NOTHING_TICKED: Record<Group, ReadonlySet<string>> = { eventTypes: new Set(), connectorIds: new Set(), programIds: new Set() };

function toggled(set: ReadonlySet<string>, id: string, on: boolean) {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** A fieldset of checkboxes whose accessible names are exactly the option labels. */
function CheckboxGroup(props: {
  id: string;
  legend: string;
  options: Option[];
  selected: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  error?: string[];
  disabled: boolean;
  bulk?: boolean;
}) {
  const { id, legend, options, selected, onChange, error, disabled } = props;
  const errorId = `${id}-error`;
  return (
    <fieldset
      disabled={disabled}
      aria-describedby={error ? errorId : undefined}
      className="relative grid content-start gap-2"
    >
      <legend className={error ? "mb-1 text-sm font-medium text-destructive" : "mb-1 text-sm font-medium"}>{legend}</legend>
      {props.bulk ? (
        <div className="absolute top-0 right-0 flex gap-1 text-xs">
          <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => onChange(new Set(options.map((o) => o.id)))}>
            All<span className="sr-only"> {legend.toLowerCase()}</span>
          </Button>
          <span aria-hidden className="text-muted-foreground">
            ·
          </span>
          <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => onChange(new Set())}>
            None<span className="sr-only"> of the {legend.toLowerCase()}</span>
          </Button>
        </div>
      ) : null}
      {options.map((option) => {
        const controlId = `${id}-${option.id}`;
        return (
          <div key={option.id} className="flex items-center gap-2">
            <Checkbox
              id={controlId}
              checked={selected.has(option.id)}
              onCheckedChange={(value) => onChange(toggled(selected, option.id, value === true))}
              aria-invalid={!!error}
              aria-describedby={option.hint ? `${controlId}-hint` : undefined}
            />
            <label htmlFor={controlId} className="text-sm">
              {option.label}
            </label>
            {option.hint ? (
              <span id={`${controlId}-hint`} className="text-xs text-muted-foreground">
                {option.hint}
              </span>
            ) : null}
          </div>
        );
      })}
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-destructive">
          {error.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Ticks events × push destinations (× programs) into pending changes. Nothing is written here:
 * `onAdd` returns whether the pending list changed, so a no-op can say why.
 */
export function AddPanel(props: {
  program: Program;
  otherPrograms: Program[];
  connectors: PushDestination[];
  readOnlyReason?: string;
  onAdd: (rules: Rule[]) => boolean;
}) {
  const { program, otherPrograms, connectors, readOnlyReason, onAdd } = props;
  const [ticked, setTicked] = useState(NOTHING_TICKED);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string>();

  function add() {
    const parsed = addPushRulesSchema.safeParse({
      programIds: [program.id, ...ticked.programIds],
      eventTypes: eventTypes.filter((t) => ticked.eventTypes.has(t.id)).map((t) => t.id),
      connectorIds: connectors.filter((c) => ticked.connectorIds.has(c.id)).map((c) => c.id),
    });
    setNotice(undefined);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    const { programIds, eventTypes: types, connectorIds } = parsed.data;
    const rules = programIds.flatMap((programId) =>
      types.flatMap((eventType) => connectorIds.map((connectorId) => ({ programId, eventType, connectorId }))),
    );
    if (!onAdd(rules)) {
      setNotice("Nothing to add: these rules are already saved or pending.");
      return;
    }
    setTicked(NOTHING_TICKED);
  }

  const disabled = !!readOnlyReason;
  /** A group's ticks and error, under the name the schema gives the field. */
  const group = (field: Group) => ({
    selected: ticked[field],
    onChange: (next: ReadonlySet<string>) => setTicked((current) => ({ ...current, [field]: next })),
    error: errors[field],
    disabled,
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Add push rules</h2>
        </CardTitle>
        <CardDescription>
          Tick events and the connectors that should receive them, press Add, then Save. Events are pushed only to
          active connectors.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 sm:grid-cols-3">
        <CheckboxGroup
          id="push-rules-events"
          legend="Events"
          options={eventTypes.map((t) => ({ id: t.id, label: t.label }))}
          bulk
          {...group("eventTypes")}
        />
        <CheckboxGroup
          id="push-rules-destinations"
          legend="Push destinations"
          options={connectors.map((c) => ({ id: c.id, label: c.name, hint: c.active ? undefined : "(inactive)" }))}
          {...group("connectorIds")}
        />
        {otherPrograms.length > 0 ? (
          <CheckboxGroup
            id="push-rules-also"
            legend="Also apply to"
            options={otherPrograms.map((p) => ({ id: p.id, label: p.name }))}
            {...group("programIds")}
          />
        ) : null}
      </CardContent>
      <CardFooter className="flex-wrap border-t">
        <WithReason reason={readOnlyReason}>
          <Button onClick={add} disabled={disabled}>
            <Plus aria-hidden /> Add
          </Button>
        </WithReason>
        {errors.form ? (
          <p role="alert" className="text-xs text-destructive">
            {errors.form.join(" ")}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="text-xs text-muted-foreground">
            {notice}
          </p>
        ) : null}
      </CardFooter>
    </Card>
  );
}
