"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/utils";

/** Preformatted code with a copy button; `label` names it for screen readers. */
export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  return (
    <div className={cn("relative", className)}>
      <pre aria-label={label} className="max-h-96 overflow-auto rounded-md border bg-muted/50 p-3 pr-12 font-mono text-xs leading-relaxed">
        {code}
      </pre>
      <CopyButton text={code} variant="ghost" size="icon" className="absolute top-1.5 right-1.5 size-7" aria-label={`Copy ${label}`} />
    </div>
  );
}
