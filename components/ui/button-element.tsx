"use client";

import * as React from "react";

import { useDisabledUntilHydrated } from "@/components/hooks/use-hydrated";

type ButtonElementProps = React.ComponentProps<"button"> & {
  /** It does its work with no JavaScript: it submits a `<form action={serverAction}>` or a GET form. */
  worksBeforeHydration?: boolean;
};

/**
 * Button's `<button>`. Until React has hydrated it, it has none of its handlers (open a dialog, run
 * an action), and a click then would be lost without a trace: so it is disabled until then, visibly
 * and for assistive technology, unless it works without JavaScript.
 */
function ButtonElement({ worksBeforeHydration = false, ...props }: ButtonElementProps) {
  const disabledProps = useDisabledUntilHydrated(props, !worksBeforeHydration);
  return <button {...props} {...disabledProps} />;
}

export { ButtonElement };
