"use client";

import type { LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { WithReason } from "@/components/ui/with-reason";

/**
 * The button that opens a dialog, described rather than built: the dialog builds it, so it is the
 * one to disable it and show why when the role may not act.
 */
export type TriggerSpec = {
  label: string;
  icon?: LucideIcon;
  variant?: "default" | "outline";
  size?: "default" | "sm";
  /** A fuller name when the label alone is ambiguous in a list ("Rename Loyalty Club"). */
  "aria-label"?: string;
  className?: string;
};

/** The button a TriggerSpec describes; what a Radix trigger passes through `asChild` goes to the button. */
export function TriggerButton({ label, icon: Icon, size, ...props }: TriggerSpec & Omit<React.ComponentProps<typeof Button>, "children">) {
  return (
    <Button size={size} {...props}>
      {Icon ? <Icon className={size === "sm" ? "size-3.5" : "size-4"} aria-hidden /> : null}
      {label}
    </Button>
  );
}

/** The trigger when the role may not act: disabled, with its reason on hover and focus, and no dialog behind it. */
export function DisabledTrigger({ trigger, reason }: { trigger: TriggerSpec; reason: string }) {
  return (
    <WithReason reason={reason}>
      <TriggerButton {...trigger} disabled />
    </WithReason>
  );
}
