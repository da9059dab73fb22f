"use client";

import { useEffect, useState } from "react";
import { History, Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/section-card";
import { InputField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { WithReason } from "@/components/ui/with-reason";
import { useAction } from "@/components/hooks/use-action-form";
import { countFailedSinceAction, replayFailedBatchAction } from "@/lib/delivery/logs/replay-actions";

/** `<input type="datetime-local">` value for a Date, in the browser's time zone. */
function localInputValue(date: Date) {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

type Progress = { total: number; replayed: number; succeeded: number; running: boolean };

const deliveries = (n: number) => `${n} ${n === 1 ? "delivery" : "deliveries"}`;

/** A success only when every replay was accepted: a receiver still failing is what the user must act on. */
function announceOutcome({ replayed, succeeded }: Progress) {
  const failed = replayed - succeeded;
  if (replayed === 0) toast("No failed deliveries were replayed.");
  else if (failed === 0) toast.success(`Replayed ${deliveries(replayed)}: ${succeeded} succeeded.`);
  else toast.warning(`Replayed ${deliveries(replayed)}: ${failed} failed again, ${succeeded} succeeded.`);
}

export function ReplayFailedCard({ connectorId, disabledReason }: { connectorId: string; disabledReason?: string }) {
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3_600_000)));
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<Progress | null>(null);
  const action = useAction();

  useEffect(() => {
    if (disabledReason) return;
    let cancelled = false;
    const sinceDate = new Date(since);
    if (Number.isNaN(sinceDate.getTime())) return;
    void countFailedSinceAction({ connectorId, since: sinceDate.toISOString() }).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setCount(result.data);
        setError(undefined);
      } else {
        setCount(null);
        setError(result.fieldErrors?.since?.[0] ?? result.message);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [connectorId, since, disabledReason, progress?.running]);

  async function replay() {
    const sinceIso = new Date(since).toISOString();
    let after: string | undefined;
    let state: Progress = { total: count ?? 0, replayed: 0, succeeded: 0, running: true };
    setProgress(state);
    for (;;) {
      const page = { since: sinceIso, after, limit: 10 };
      const result = await action.run(() => replayFailedBatchAction({ connectorId, ...page }));
      if (!result.ok) break;
      state = { ...state, replayed: state.replayed + result.data.replayed, succeeded: state.succeeded + result.data.succeeded };
      setProgress(state);
      if (result.data.done || !result.data.after) break;
      after = result.data.after;
    }
    setProgress({ ...state, running: false });
    announceOutcome(state);
  }

  const running = progress?.running ?? false;
  return (
    <SectionCard
      className="mt-6"
      title="Replay failed deliveries"
      description="Sends every delivery to this connector that failed since a time again, as a new attempt with the same delivery id."
      contentClassName="flex flex-wrap items-end gap-4"
    >
      <InputField
        label="Failed since"
        id="replay-since"
        error={error}
        fieldClassName="w-64"
        type="datetime-local"
        value={since}
        onChange={(e) => setSince(e.target.value)}
        disabled={running || !!disabledReason}
      />
      <WithReason reason={disabledReason}>
        <Button onClick={() => void replay()} disabled={!!disabledReason || running || !count}>
          {running ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <History className="size-4" aria-hidden />}
          {count == null ? "Replay failed deliveries" : `Replay ${count} failed ${count === 1 ? "delivery" : "deliveries"}`}
        </Button>
      </WithReason>
      {progress ? (
        <div role="status" className="w-full space-y-1">
          <div className="h-1.5 w-full overflow-hidden rounded-full bg-muted">
            <div
              className="h-full bg-primary transition-[width]"
              style={{ width: `${progress.total ? Math.min(100, (progress.replayed / progress.total) * 100) : 100}%` }}
            />
          </div>
          <p className="text-xs text-muted-foreground">
            {progress.replayed} of {progress.total} replayed · {progress.succeeded} succeeded
            {progress.running ? "…" : "."}
          </p>
        </div>
      ) : null}
    </SectionCard>
  );
}
