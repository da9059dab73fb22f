"use client";

import * as React from "react";
import { Toaster as Sonner, toast as sonnerToast, type ToasterProps } from "sonner";

/** At most this many toasts show at once; older ones wait, hidden, until a shown one goes. */
const VISIBLE_TOASTS = 3;
/** A success only confirms what the screen already shows: it goes sooner than sonner's 4 s. */
const SUCCESS_DURATION_MS = 3_000;

/*
 * Bottom right: every screen keeps its actions in the header (Send test event, Active, Resend …)
 * or at the left of a form (Save), and the hub's layout leaves room at the bottom of the page so the
 * last controls scroll clear of the stack.
 */
function Toaster(props: ToasterProps) {
  return (
    <Sonner
      richColors
      closeButton
      position="bottom-right"
      visibleToasts={VISIBLE_TOASTS}
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--color-popover)",
          "--normal-text": "var(--color-popover-foreground)",
          "--normal-border": "var(--color-border)",
          "--border-radius": "var(--radius-lg)",
          // Narrower than sonner's 356 px: at 1280 px the stack stays right of a form's fields
          // (the connector editor is max-w-2xl), instead of over their right edge.
          "--width": "300px",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}

/** sonner's `toast`, with a shorter default duration for successes. */
const toast: typeof sonnerToast = Object.assign((...args: Parameters<typeof sonnerToast>) => sonnerToast(...args), {
  ...sonnerToast,
  success: (...[message, data]: Parameters<typeof sonnerToast.success>) =>
    sonnerToast.success(message, { duration: SUCCESS_DURATION_MS, ...data }),
});

export { Toaster, toast, VISIBLE_TOASTS, SUCCESS_DURATION_MS };
