"use client";

import { Loader2, X } from "lucide-react";
import { WithReason } from "@/components/ui/with-reason";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { eventTypeLabel } from "@/lib/events/types";
import { ruleKey } from "@/lib/push-rules/schemas";
import { cn } from "@/lib/utils";
import { countLabel, type Change } from "./pending";

export type SaveErrors = { general: string[]; byRule: Record<string, string[]> };

/** The save bar: what Save will write, each entry with a way to drop it, and the outcome of the last try. */
export function PendingChanges(props: {
  changes: Change[];
  programName: (id: string) => string;
  connectorName: (id: string) => string;
  errors: SaveErrors;
  /** The outcome of the last save, said here (not in a toast, which would cover the matrix below); gone with the next edit. */
  savedNote?: string;
  saving: boolean;
  readOnlyReason?: string;
  onDrop: (key: string) => void;
  onDiscard: () => void;
  onSave: () => void;
}) {
  const { changes, programName, connectorName, errors, saving, readOnlyReason } = props;
  const dirty = changes.length > 0;
  return (
    <section
      aria-labelledby="push-rules-pending"
      className={cn("rounded-lg border px-4 py-3", dirty ? "border-warning/50 bg-warning/5" : "bg-card")}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="push-rules-pending" className="text-sm font-medium">
          <span role="status">{countLabel(changes.length)}</span>
        </h2>
        <div className="flex items-center gap-2">
          <Button variant="outline" size="sm" onClick={props.onDiscard} disabled={!dirty || saving}>
            Discard changes
          </Button>
          <WithReason reason={readOnlyReason}>
            <Button size="sm" onClick={props.onSave} disabled={!!readOnlyReason || !dirty || saving}>
              {saving ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Save
            </Button>
          </WithReason>
        </div>
      </div>
      {/* Always in the page, so screen readers hear the outcome when it is filled in. */}
      <p role="status" className="mt-2 text-xs text-success empty:hidden">
        {props.savedNote}
      </p>
      {errors.general.length > 0 ? (
        <p role="alert" className="mt-2 text-xs text-destructive">
          {errors.general.join(" ")}
        </p>
      ) : null}
      {dirty ? (
        <ul aria-label="Unsaved changes" className="mt-3 grid gap-1.5">
          {changes.map((change) => {
            const key = ruleKey(change);
            const rule = `${eventTypeLabel(change.eventType)} → ${connectorName(change.connectorId)}`;
            const program = programName(change.programId);
            const problems = errors.byRule[key];
            return (
              <li key={key} className="flex flex-wrap items-center gap-2 text-sm">
                <Badge variant={change.kind === "add" ? "success" : "destructive"} className="w-16">
                  {change.kind === "add" ? "Add" : "Remove"}
                </Badge>
                <span>{rule}</span>
                <span className="text-muted-foreground">in {program}</span>
                <Button variant="ghost" size="icon" className="size-6" onClick={() => props.onDrop(key)} disabled={saving}>
                  <X aria-hidden />
                  <span className="sr-only">
                    Drop pending {change.kind === "add" ? "rule" : "removal"} {rule} in {program}
                  </span>
                </Button>
                {problems ? (
                  <span role="alert" className="basis-full pl-18 text-xs text-destructive">
                    {problems.join(" ")}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
