"use client";

import { useRef } from "react";
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FormControl, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

type Props = {
  /** The field's label ("API key"), which also names the value for screen readers. */
  label: string;
  id: string;
  value: string;
  description?: React.ReactNode;
  /** A note above the value, when it cannot be had again ("It won't be shown again."). */
  warning?: string;
};

/**
 * The outcome of an ActionFormDialog that made a secret (an API key, a rotated webhook secret): the
 * value with Copy, and Done, which closes the dialog. The dialog keeps outside clicks from closing it.
 */
export function OneTimeValue({ label, id, value, description, warning }: Props) {
  const input = useRef<HTMLInputElement>(null);

  return (
    <div className="grid gap-4">
      {warning ? (
        <p className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 p-3 text-sm" role="note">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          {warning}
        </p>
      ) : null}
      <FormField label={label} id={id} description={description}>
        <div className="flex gap-2">
          <FormControl>
            {/* Focused and selected as it appears: the form it replaced (and its focused button) is gone. */}
            <Input
              ref={input}
              readOnly
              autoFocus
              value={value}
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
          </FormControl>
          {/* Without clipboard access (permissions, insecure origin) the value is left selected for Ctrl+C. */}
          <CopyButton
            size="default"
            text={value}
            failureMessage="Copy failed: the value is selected, press Ctrl+C (or ⌘C) to copy it."
            onFailure={() => input.current?.select()}
          >
            Copy
          </CopyButton>
        </div>
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button>Done</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}
