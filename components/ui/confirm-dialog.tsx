"use client";

import * as React from "react";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { DisabledTrigger, TriggerButton, type TriggerSpec } from "@/components/ui/trigger-button";

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it; without one, `open` alone opens it (a row's button, say). */
  trigger?: TriggerSpec;
  /** Why the trigger is disabled, if it is: shown on hover and focus, and the dialog is not rendered. */
  disabledReason?: string;
  title: React.ReactNode;
  description: React.ReactNode;
  /** The destructive button's label, naming what it does ("Delete connector"). */
  confirmLabel: React.ReactNode;
  /** While true both buttons are disabled and the dialog stays open. */
  pending: boolean;
  onConfirm: () => void;
};

/** "Are you sure?" before an action that cannot be undone; it stays open until the action has answered. */
function ConfirmDialog({
  open,
  onOpenChange,
  trigger,
  disabledReason,
  title,
  description,
  confirmLabel,
  pending,
  onConfirm,
}: ConfirmDialogProps) {
  if (disabledReason) return trigger ? <DisabledTrigger trigger={trigger} reason={disabledReason} /> : null;

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        // Closing while the action runs would hide its outcome.
        if (!pending) onOpenChange(next);
      }}
    >
      {trigger ? (
        <AlertDialogTrigger asChild>
          <TriggerButton {...trigger} />
        </AlertDialogTrigger>
      ) : null}
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={pending}
            onClick={(e) => {
              // The action closes it (through onOpenChange) once the server has answered.
              e.preventDefault();
              onConfirm();
            }}
          >
            {confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { ConfirmDialog };
