"use client";

import { Check, ListFilter, Undo2, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { eventTypes, type EventType } from "@/lib/events/types";
import type { Filter } from "@/lib/push-rules/filter";
import type { PushDestination } from "@/lib/push-rules/queries";
import { ruleKey } from "@/lib/push-rules/schemas";
import { cellState, type CellState, type Change, type Rule } from "./pending";

type Props = {
  program: { id: string; name: string };
  connectors: PushDestination[];
  changes: Change[];
  saved: ReadonlySet<string>;
  /** A saved rule's Filter and how many events it skipped in the last 24 hours, by rule key. */
  details: ReadonlyMap<string, { filter: Filter | null; skipped: number }>;
  /** Set for roles that may not change rules: the buttons stay visible but disabled, described by it. */
  readOnlyReasonId?: string;
  disabled: boolean;
  onRemove: (rules: Rule[]) => void;
  onKeep: (key: string) => void;
  /** Opens a saved rule's Filter (read-only roles too: they may view and test it). */
  onFilter: (rule: Rule) => void;
};

/** Under a saved rule's cell: whether it is filtered and what the filter skipped lately. */
function FilterNote({ detail }: { detail?: { filter: Filter | null; skipped: number } }) {
  if (!detail || (!detail.filter && detail.skipped === 0)) return null;
  return (
    <span className="block text-xs text-muted-foreground" data-testid="rule-filter-note">
      {detail.filter ? "Filtered" : "No filter"} · {detail.skipped.toLocaleString("en-GB")} skipped in 24 h
    </span>
  );
}

const SR_STATE: Record<CellState, string> = {
  saved: "Pushed",
  adding: "Pushed after saving",
  removing: "Stops after saving",
  empty: "Not pushed",
};

/**
 * Events × connectors for one program, saved rules merged with pending changes so the grid shows
 * what Save will leave. Only events with a rule (saved or pending) get a row.
 */
export function RuleMatrix(props: Props) {
  const { program, connectors, changes, saved, details, readOnlyReasonId, disabled, onRemove, onKeep, onFilter } = props;
  const ruleOf = (eventType: EventType, connectorId: string): Rule => ({ programId: program.id, eventType, connectorId });
  const stateOf = (eventType: EventType, connectorId: string) => cellState(ruleKey(ruleOf(eventType, connectorId)), changes, saved);
  const rows = eventTypes.filter((t) => connectors.some((c) => stateOf(t.id, c.id) !== "empty"));

  if (rows.length === 0) {
    return (
      <EmptyState
        title="No push rules yet"
        description={`No events of ${program.name} are pushed anywhere. Tick events and push destinations above, press Add, then Save.`}
      />
    );
  }

  return (
    <div className="min-w-0 rounded-lg border">
      <Table aria-label={`Push rules of ${program.name}`}>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Event</TableHead>
            {connectors.map((c) => (
              <TableHead key={c.id} scope="col" className="text-center">
                {c.name}
                {c.active ? null : <span className="block font-normal">(inactive)</span>}
              </TableHead>
            ))}
            <TableHead>
              <span className="sr-only">Row actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((type) => {
            const removable = connectors
              .filter((c) => ["saved", "adding"].includes(stateOf(type.id, c.id)))
              .map((c) => ruleOf(type.id, c.id));
            return (
              <TableRow key={type.id} data-testid={`push-rule-row-${type.id}`}>
                <TableHead scope="row" className="text-sm font-medium text-foreground">
                  {type.label}
                </TableHead>
                {connectors.map((c) => {
                  const state = stateOf(type.id, c.id);
                  const rule = ruleOf(type.id, c.id);
                  const name = `${type.label} → ${c.name}`;
                  return (
                    <TableCell key={c.id} className="text-center" data-state={state}>
                      <span className="inline-flex items-center gap-1">
                        <span className="sr-only">{SR_STATE[state]}</span>
                        {state === "empty" ? (
                          <span aria-hidden className="text-muted-foreground">
                            –
                          </span>
                        ) : null}
                        {state === "saved" ? <Check aria-hidden className="size-4 text-success" strokeWidth={3} /> : null}
                        {state === "adding" ? <Badge variant="warning">Adding</Badge> : null}
                        {state === "removing" ? <Badge variant="destructive">Removing</Badge> : null}
                        {state === "removing" ? (
                          <Button variant="ghost" size="icon" className="size-6" disabled={disabled} onClick={() => onKeep(ruleKey(rule))}>
                            <Undo2 aria-hidden />
                            <span className="sr-only">Keep {name}</span>
                          </Button>
                        ) : null}
                        {state === "saved" || state === "removing" ? (
                          <Button
                            variant={details.get(ruleKey(rule))?.filter ? "secondary" : "ghost"}
                            size="sm"
                            className="h-6 px-1.5 text-xs"
                            onClick={() => onFilter(rule)}
                          >
                            <ListFilter aria-hidden />
                            Filter<span className="sr-only"> for {name}</span>
                          </Button>
                        ) : null}
                        {state === "saved" || state === "adding" ? (
                          <Button
                            variant="ghost"
                            size="icon"
                            className="size-6 text-muted-foreground"
                            disabled={disabled}
                            aria-describedby={readOnlyReasonId}
                            onClick={() => onRemove([rule])}
                          >
                            <X aria-hidden />
                            <span className="sr-only">Remove {name}</span>
                          </Button>
                        ) : null}
                      </span>
                      {state === "saved" || state === "removing" ? <FilterNote detail={details.get(ruleKey(rule))} /> : null}
                    </TableCell>
                  );
                })}
                <TableCell className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={disabled || removable.length === 0}
                    aria-describedby={readOnlyReasonId}
                    onClick={() => onRemove(removable)}
                  >
                    Remove all<span className="sr-only"> for {type.label}</span>
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
