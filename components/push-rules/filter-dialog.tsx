"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { FlaskConical, Loader2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { WithReason } from "@/components/ui/with-reason";
import { useAction } from "@/components/hooks/use-action-form";
import { eventTypeLabel, type EventType } from "@/lib/events/types";
import { shortTime } from "@/lib/format";
import { savePushRuleFilterAction, testPushRuleFilterAction } from "@/lib/push-rules/actions";
import { filterFields, type Filter } from "@/lib/push-rules/filter";
import type { DryRunResult } from "@/lib/push-rules/service";
import { draftErrorsOf, draftOf, filterOfDraft, NO_DRAFT_ERRORS, type Draft, type DraftErrors } from "./filter-draft";
import { FilterEditor } from "./filter-editor";

export type FilterTarget = {
  programId: string;
  programName: string;
  eventType: EventType;
  connectorId: string;
  connectorName: string;
  filter: Filter | null;
};

function valuesText(values: Record<string, unknown>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "—";
  return entries.map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(", ") : String(value)}`).join(" · ");
}

function Outcome({ matched }: { matched: boolean }) {
  return matched ? <Badge variant="success">Matches</Badge> : <Badge variant="outline">No match</Badge>;
}

/** What Test filter found: the catalog example, then the program's recent events, newest first. */
function DryRunResults({ result, programName }: { result: DryRunResult; programName: string }) {
  return (
    <section aria-label="Test results" className="grid gap-2">
      <p role="status" className="text-sm">
        {result.events.length === 0
          ? `No events of this type in ${programName} yet: only the catalog example was tested.`
          : `${result.matched} of the last ${result.events.length} events match.`}
      </p>
      <div className="max-h-72 overflow-y-auto rounded-lg border">
        <Table aria-label="Events tested">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Event</TableHead>
              <TableHead scope="col">Fields</TableHead>
              <TableHead scope="col">Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <TableRow data-testid="dry-run-example" data-matched={result.example.matched}>
              <TableCell className="font-medium">Catalog example</TableCell>
              <TableCell className="text-xs">{valuesText(result.example.values)}</TableCell>
              <TableCell>
                <Outcome matched={result.example.matched} />
              </TableCell>
            </TableRow>
            {result.events.map((event) => (
              <TableRow key={event.id} data-testid="dry-run-event" data-matched={event.matched}>
                <TableCell className="text-xs">
                  <span className="block font-medium">{event.memberId}</span>
                  <span className="text-muted-foreground">{shortTime(event.receivedAt)}</span>
                </TableCell>
                <TableCell className="text-xs">{valuesText(event.values)}</TableCell>
                <TableCell>
                  <Outcome matched={event.matched} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/**
 * The Filter of one push rule: build it, Test filter against real events, save or remove it.
 * Roles that may not change rules see it read-only but can still test it (testing writes nothing).
 */
export function FilterDialog(props: { target: FilterTarget; readOnlyReason?: string; onClose: () => void }) {
  const { target, readOnlyReason, onClose } = props;
  const router = useRouter();
  const fields = useMemo(() => filterFields(target.eventType), [target.eventType]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(target.filter, fields));
  const [errors, setErrors] = useState<DraftErrors>(NO_DRAFT_ERRORS);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const testAction = useAction();
  const saveAction = useAction();
  const testing = testAction.pending;
  const saving = saveAction.pending;
  const busy = testing || saving;
  const rule = { programId: target.programId, eventType: target.eventType, connectorId: target.connectorId };

  function edit(next: Draft) {
    setDraft(next);
    setErrors(NO_DRAFT_ERRORS);
  }

  async function test() {
    const filter = filterOfDraft(draft, fields);
    const answer = await testAction.run(() => testPushRuleFilterAction({ programId: rule.programId, eventType: rule.eventType, filter }), {
      // Shown in the dialog, beside the conditions, rather than as a toast.
      onFailure: (failure) => {
        setResult(null);
        setErrors(draftErrorsOf(failure.fieldErrors, failure.message));
        return true;
      },
    });
    if (answer.ok) {
      setResult(answer.data);
      setErrors(NO_DRAFT_ERRORS);
    }
  }

  async function save(filter: Filter | null) {
    const answer = await saveAction.run(() => savePushRuleFilterAction({ ...rule, filter }), {
      success: filter ? "Filter saved." : "Filter removed: every event is pushed.",
      onFailure: (failure) => {
        setErrors(draftErrorsOf(failure.fieldErrors, failure.message));
        return false;
      },
    });
    if (!answer.ok) return;
    router.refresh();
    onClose();
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>Filter</DialogTitle>
          <DialogDescription>
            {eventTypeLabel(target.eventType)} → {target.connectorName} in {target.programName}. Only events that pass the
            filter are pushed; the others are counted as skipped. Save filter changes the saved rule at once: unlike
            additions and removals, it does not wait for the page&apos;s Save.
          </DialogDescription>
        </DialogHeader>
        {readOnlyReason ? <p className="text-sm text-muted-foreground">Read-only. {readOnlyReason}</p> : null}
        <FilterEditor draft={draft} fields={fields} errors={errors} disabled={!!readOnlyReason || busy} onChange={edit} />
        {errors.general.length > 0 ? (
          <p role="alert" className="text-xs text-destructive">
            {errors.general.join(" ")}
          </p>
        ) : null}
        {result ? <DryRunResults result={result} programName={target.programName} /> : null}
        <DialogFooter className="sm:justify-between">
          <Button variant="outline" onClick={test} disabled={busy}>
            {testing ? <Loader2 className="animate-spin" aria-hidden /> : <FlaskConical aria-hidden />}
            Test filter
          </Button>
          <div className="flex flex-col-reverse gap-2 sm:flex-row">
            {target.filter ? (
              <WithReason reason={readOnlyReason}>
                <Button variant="ghost" onClick={() => save(null)} disabled={!!readOnlyReason || busy}>
                  Remove filter
                </Button>
              </WithReason>
            ) : null}
            <WithReason reason={readOnlyReason}>
              <Button onClick={() => save(filterOfDraft(draft, fields))} disabled={!!readOnlyReason || busy}>
                {saving ? <Loader2 className="animate-spin" aria-hidden /> : null}
                Save filter
              </Button>
            </WithReason>
          </div>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
