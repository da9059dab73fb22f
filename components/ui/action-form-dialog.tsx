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
import { DisabledTrigger, TriggerButton, type TriggerSpec } from "@/components/ui/trigger-button";

type ActionFormDialogProps = {
  /** The button that opens it; its label defaults to the title. */
  trigger: Omit<TriggerSpec, "label"> & { label?: string };
  /** Why the trigger is disabled, if it is: shown on hover and focus, and the dialog is not rendered. */
  disabledReason?: string;
  /**
   * The useActionForm() of its fields: while it is pending the submit button is disabled and the
   * dialog stays open, and its errors are cleared when the dialog closes.
   */
  action: { pending: boolean; reset: () => void };
  /** Called once it closes, whichever way: clear anything else it showed (a result) for the next time. */
  onClose?: () => void;
  title: string;
  description: React.ReactNode;
  /**
   * Called with the form element on submit; read it with FormData or ignore it. `close` closes the
   * dialog (and calls onClose), for a form whose work is done once the action succeeds.
   */
  onSubmit: (form: HTMLFormElement, dialog: { close: () => void }) => void | Promise<void>;
  submitLabel: React.ReactNode;
  /** Buttons shown before the submit button (Cancel, Reset …). */
  secondaryActions?: React.ReactNode;
  /**
   * Shown instead of the form once it has done its work (a value shown once, see OneTimeValue); a
   * DialogClose in it closes the dialog. While it shows, a click outside does not close the dialog.
   */
  outcome?: React.ReactNode;
  className?: string;
  /** The fields, and anything shown between them and the buttons. */
  children: React.ReactNode;
};

/** A button that opens a dialog holding one form, which calls a server action on submit. */
function ActionFormDialog({
  trigger,
  disabledReason,
  action,
  onClose,
  title,
  description,
  onSubmit,
  submitLabel,
  secondaryActions,
  outcome,
  className,
  children,
}: ActionFormDialogProps) {
  const [open, setOpen] = React.useState(false);
  const button = { ...trigger, label: trigger.label ?? title };
  if (disabledReason) return <DisabledTrigger trigger={button} reason={disabledReason} />;

  function close() {
    setOpen(false);
    action.reset();
    onClose?.();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // Closing while the action runs would hide its result.
        if (action.pending) return;
        if (next) setOpen(true);
        else close();
      }}
    >
      <DialogTrigger asChild>
        <TriggerButton {...button} />
      </DialogTrigger>
      {/* An outcome is shown once (a new key): a stray click outside must not throw it away. */}
      <DialogContent className={className} onInteractOutside={outcome ? (event) => event.preventDefault() : undefined}>
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
              void onSubmit(event.currentTarget, { close });
            }}
          >
            {children}
            <DialogFooter>
              {secondaryActions}
              <Button type="submit" disabled={action.pending}>
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
