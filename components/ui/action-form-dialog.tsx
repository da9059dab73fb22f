"use client";

import * as React from "react";

import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { WithReason } from "@/components/ui/with-reason";

type ActionFormDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Called once it closes: clear what it showed (errors, a result) for the next time. */
  onClose?: () => void;
  /** The button that opens it. */
  trigger: React.ReactElement;
  /** Why the trigger is disabled, if it is: shown on hover and focus, and the dialog is not rendered. */
  disabledReason?: string;
  title: React.ReactNode;
  description: React.ReactNode;
  /** Called with the form element on submit; read it with FormData or ignore it. */
  onSubmit: (form: HTMLFormElement) => void | Promise<void>;
  submitLabel: React.ReactNode;
  /** While true the submit button is disabled. */
  pending: boolean;
  /** Buttons shown before the submit button (Cancel, Reset …). */
  secondaryActions?: React.ReactNode;
  /** Shown instead of the form once it has done its work (a value to copy, a "Done" button). */
  outcome?: React.ReactNode;
  className?: string;
  /** The fields, and anything shown between them and the buttons. */
  children: React.ReactNode;
};

/** A button that opens a dialog holding one form, which calls a server action on submit. */
function ActionFormDialog({
  open,
  onOpenChange,
  onClose,
  trigger,
  disabledReason,
  title,
  description,
  onSubmit,
  submitLabel,
  pending,
  secondaryActions,
  outcome,
  className,
  children,
}: ActionFormDialogProps) {
  if (disabledReason) return <WithReason reason={disabledReason}>{trigger}</WithReason>;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // Closing while the action runs would hide its result.
        if (pending) return;
        onOpenChange(next);
        if (!next) onClose?.();
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className={className}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {outcome ?? (
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              // The dialog is portalled out of the page's DOM, but React events still bubble through
              // the component tree: without this, a dialog opened from inside another form (Rotate,
              // within Global variables) would submit that form too.
              event.stopPropagation();
              void onSubmit(event.currentTarget);
            }}
          >
            {children}
            <DialogFooter>
              {secondaryActions}
              <Button type="submit" disabled={pending}>
                {submitLabel}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export { ActionFormDialog };
