"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { copyText } from "@/lib/clipboard";

type Props = {
  text: string;
  /** The button's words; leave them out for an icon button, which then needs an aria-label. */
  children?: React.ReactNode;
  /** Said in a toast when the browser has no clipboard or refuses: how to copy another way. */
  failureMessage?: string;
  onFailure?: () => void;
} & Omit<React.ComponentProps<typeof Button>, "onClick" | "children">;

/**
 * Copies `text` and says "Copied" for a moment only once the clipboard has taken it. When the
 * browser has no Clipboard API (an insecure origin) or refuses, it says the copy failed instead.
 */
export function CopyButton({ text, children, failureMessage = "Copy failed: select and copy by hand.", onFailure, ...props }: Props) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  const reset = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(reset.current), []);

  async function copy() {
    const copied = await copyText(text);
    clearTimeout(reset.current);
    setOutcome(copied ? "copied" : "failed");
    reset.current = setTimeout(() => setOutcome(null), copied ? 1500 : 4000);
    if (!copied) {
      onFailure?.();
      toast.error(failureMessage);
    }
  }

  const Icon = outcome === "copied" ? Check : outcome === "failed" ? TriangleAlert : Copy;
  const words = outcome === "copied" ? "Copied" : outcome === "failed" ? "Copy failed" : children;
  return (
    <Button variant="outline" size="sm" {...props} onClick={() => void copy()}>
      <Icon className="size-3.5" aria-hidden />
      {children === undefined ? null : words}
    </Button>
  );
}
