import Link from "next/link";
import { CheckCircle2, Clock, XCircle } from "lucide-react";
import type { Attempt } from "@/db/schema";
import { cn } from "@/lib/utils";
import { exactTime, formatDuration } from "@/lib/format";

/** The attempts, oldest first; each links to itself so its request and response show above. */
export function AttemptsTimeline({
  attempts,
  selected,
  basePath,
  nextAttemptAt,
}: {
  attempts: Attempt[];
  selected: number | undefined;
  basePath: string;
  nextAttemptAt: Date | null;
}) {
  return (
    <ol aria-label="Attempts" className="relative space-y-1 border-l pl-4">
      {attempts.map((a) => (
        <li key={a.id} className="relative">
          <span className="absolute top-2.5 -left-[1.4rem] rounded-full bg-background">
            {a.success ? (
              <CheckCircle2 className="size-3.5 text-success" aria-hidden />
            ) : (
              <XCircle className="size-3.5 text-destructive" aria-hidden />
            )}
          </span>
          <Link
            href={`${basePath}?attempt=${a.number}`}
            aria-current={selected === a.number ? "true" : undefined}
            className={cn(
              "flex flex-wrap items-baseline gap-x-3 rounded-md px-2 py-1.5 text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
              selected === a.number && "bg-accent",
            )}
          >
            <span className="font-medium">Attempt {a.number}</span>
            <span className="font-mono text-xs">
              {a.responseStatus != null ? `HTTP ${a.responseStatus}` : (a.errorCode ?? "error")}
            </span>
            {a.trigger === "replay" ? <span className="text-xs text-muted-foreground">resent</span> : null}
            <span className="text-xs text-muted-foreground">{exactTime(a.startedAt)}</span>
            <span className="text-xs text-muted-foreground">{formatDuration(a.durationMs)}</span>
          </Link>
        </li>
      ))}
      {nextAttemptAt ? (
        <li className="relative px-2 py-1.5 text-sm text-muted-foreground">
          <Clock className="absolute top-2.5 -left-[1.4rem] size-3.5 bg-background" aria-hidden />
          Next attempt at {exactTime(nextAttemptAt)}
        </li>
      ) : null}
    </ol>
  );
}
