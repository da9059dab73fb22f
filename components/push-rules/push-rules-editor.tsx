"use client";

import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Lock, Webhook } from "lucide-react";
import { useAction } from "@/components/hooks/use-action-form";
import { useUnsavedChangesWarning } from "@/components/hooks/use-unsaved-changes";
import { EmptyState } from "@/components/ui/empty-state";
import { FormControl, FormField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { savePushRuleChangesAction } from "@/lib/push-rules/actions";
import type { MatrixRule, PushDestination } from "@/lib/push-rules/queries";
import { ruleKey } from "@/lib/push-rules/schemas";
import { AddPanel } from "./add-panel";
import { FilterDialog, type FilterTarget } from "./filter-dialog";
import { withAdded, withoutChange, withRemoved, type Change, type Rule } from "./pending";
import { PendingChanges, type SaveErrors } from "./pending-changes";
import { RuleMatrix } from "./rule-matrix";

type Program = { id: string; name: string };

const NO_ERRORS: SaveErrors = { general: [], byRule: {} };
const SWITCH_WARNING = "You have unsaved changes. Switch program and lose them?";

/** Maps the save verb's positional field errors (`add.2.connectorId`) back to the pending entries. */
function saveErrorsOf(fieldErrors: Record<string, string[]> | undefined, message: string, sent: Record<"add" | "remove", Rule[]>): SaveErrors {
  const errors: SaveErrors = { general: [], byRule: {} };
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const [list, index] = path.split(".");
    const rule = list === "add" || list === "remove" ? sent[list][Number(index)] : undefined;
    if (rule) (errors.byRule[ruleKey(rule)] ??= []).push(...messages);
    else errors.general.push(...messages);
  }
  if (errors.general.length === 0) errors.general.push(message);
  return errors;
}

function savedMessage({ added, removed }: { added: number; removed: number }) {
  const parts = [added ? `${added} added` : null, removed ? `${removed} removed` : null].filter(Boolean);
  return parts.length ? `Push rules saved: ${parts.join(", ")}.` : "Push rules saved: they were already up to date.";
}

/**
 * The Push rules screen for one program. Every edit (add, remove a cell or a row) is pending until
 * Save, which writes all of them in one transaction; the page is re-rendered with the saved rules.
 */
export function PushRulesEditor(props: {
  program: Program;
  programs: Program[];
  connectors: PushDestination[];
  rules: MatrixRule[];
  readOnlyReason?: string;
}) {
  const { program, programs, connectors, rules, readOnlyReason } = props;
  const router = useRouter();
  const [changes, setChanges] = useState<Change[]>([]);
  const [errors, setErrors] = useState<SaveErrors>(NO_ERRORS);
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const { pending: saving, run } = useAction();
  const [switching, startSwitching] = useTransition();
  const [selectedProgram, setSelectedProgram] = useState(program.id);
  const [filtering, setFiltering] = useState<FilterTarget | null>(null);
  useUnsavedChangesWarning(changes.length > 0);

  const saved = useMemo(() => new Set(rules.map((r) => ruleKey({ ...r, programId: program.id }))), [rules, program.id]);
  const programNames = useMemo(() => new Map(programs.map((p) => [p.id, p.name])), [programs]);
  const connectorNames = useMemo(() => new Map(connectors.map((c) => [c.id, c.name])), [connectors]);
  const details = useMemo(
    () => new Map(rules.map((r) => [ruleKey({ ...r, programId: program.id }), { filter: r.filter, skipped: r.skipped }])),
    [rules, program.id],
  );

  function openFilter(rule: Rule) {
    setFiltering({
      programId: program.id,
      programName: program.name,
      eventType: rule.eventType,
      connectorId: rule.connectorId,
      connectorName: connectorNames.get(rule.connectorId) ?? rule.connectorId,
      filter: details.get(ruleKey(rule))?.filter ?? null,
    });
  }

  function update(next: Change[]) {
    setChanges(next);
    setErrors(NO_ERRORS);
    setSavedNote(undefined);
  }

  function switchProgram(id: string) {
    if (changes.length > 0 && !window.confirm(SWITCH_WARNING)) return;
    setSelectedProgram(id);
    startSwitching(() => router.push(`/integrations/push-rules?program=${encodeURIComponent(id)}`));
  }

  async function save() {
    const sent = {
      add: changes.filter((c) => c.kind === "add").map(({ kind: _kind, ...rule }) => rule),
      remove: changes.filter((c) => c.kind === "remove").map(({ kind: _kind, ...rule }) => rule),
    };
    // No success toast: the save bar says it (savedNote), and a toast would sit over the matrix's buttons.
    const result = await run(() => savePushRuleChangesAction(sent), {
      onFailure: (failure) => {
        setErrors(saveErrorsOf(failure.fieldErrors, failure.message, sent));
        // The toast too: the rows at fault may be scrolled out of view.
        return false;
      },
    });
    if (!result.ok) return;
    update([]);
    setSavedNote(savedMessage(result.data));
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <FormField label="Program" id="push-rules-program" className="w-72">
          <FormControl>
            <NativeSelect
              value={selectedProgram}
              disabled={switching}
              onChange={(e) => switchProgram(e.target.value)}
            >
              <NativeSelectOptions items={programs} value={(p) => p.id} label={(p) => p.name} />
            </NativeSelect>
          </FormControl>
        </FormField>
        {readOnlyReason ? (
          <p id="push-rules-read-only" className="flex items-center gap-1.5 text-sm text-muted-foreground">
            <Lock className="size-3.5" aria-hidden /> Read-only. {readOnlyReason}
          </p>
        ) : null}
      </div>

      {connectors.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="No push destinations yet"
          description="Push rules send a program's events to connectors. Set up a connector first, then come back to choose its events."
          link={{ href: "/integrations/connectors", label: "Set up an integration", variant: "outline" }}
        />
      ) : (
        <>
          <AddPanel
            program={program}
            otherPrograms={programs.filter((p) => p.id !== program.id)}
            connectors={connectors}
            readOnlyReason={readOnlyReason}
            onAdd={(added) => {
              const next = withAdded(changes, added, saved);
              if (next === changes) return false;
              update(next);
              return true;
            }}
          />
          <PendingChanges
            changes={changes}
            programName={(id) => programNames.get(id) ?? id}
            connectorName={(id) => connectorNames.get(id) ?? id}
            errors={errors}
            savedNote={savedNote}
            saving={saving}
            readOnlyReason={readOnlyReason}
            onDrop={(key) => update(withoutChange(changes, key))}
            onDiscard={() => update([])}
            onSave={save}
          />
          <section aria-labelledby="push-rules-matrix" className="grid min-w-0 gap-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="push-rules-matrix" className="text-sm font-medium">
                Rules of {program.name}
              </h2>
              <p className="text-xs text-muted-foreground">
                Rows are events, columns are connectors. Removals, like additions, apply when you press Save.
              </p>
            </div>
            <RuleMatrix
              program={program}
              connectors={connectors}
              changes={changes}
              saved={saved}
              disabled={!!readOnlyReason || saving}
              readOnlyReasonId={readOnlyReason ? "push-rules-read-only" : undefined}
              onRemove={(removed) => update(withRemoved(changes, removed, saved))}
              onKeep={(key) => update(withoutChange(changes, key))}
              details={details}
              onFilter={openFilter}
            />
          </section>
          {filtering ? <FilterDialog target={filtering} readOnlyReason={readOnlyReason} onClose={() => setFiltering(null)} /> : null}
        </>
      )}
    </div>
  );
}
