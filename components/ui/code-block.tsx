"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/utils";

/**
 * Preformatted code with a copy button; `label` names it for screen readers. Its width comes from where
 * it sits, never from its longest line (`contain-inline-size`): a long line scrolls inside the block
 * instead of widening every grid and card around it, and the page with them, at phone width.
 */
export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  return (
    <div className={cn("relative contain-inline-size", className)}>
      {/* Focusable: a keyboard user scrolls a long block with the arrow keys. */}
      <pre
        aria-label={label}
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md border bg-muted/50 p-3 pr-12 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        {code}
      </pre>
      <CopyButton text={code} variant="ghost" size="icon" className="absolute top-1.5 right-1.5 size-7" aria-label={`Copy ${label}`} />
    </div>
  );
}
