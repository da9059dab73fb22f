import { useSyncExternalStore, type AriaAttributes } from "react";

// Nothing to subscribe to: the value only differs between the server (and hydration) and the client.
const subscribe = () => () => {};

/**
 * False on the server and while React hydrates the calling component, true from the render right
 * after (and at once in anything mounted later, as on a client-side navigation).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

type DisabledProps = { disabled?: boolean; "aria-disabled"?: AriaAttributes["aria-disabled"] };

/**
 * The disabled props of a control whose work is done by a script: the caller's, or disabled (and
 * said so to assistive technology) until hydrated, so a click between first paint and hydration is
 * refused visibly instead of being lost. Pass `needsScript: false` for one that works without
 * JavaScript (a submit button of a server-action or GET form).
 */
export function useDisabledUntilHydrated(props: DisabledProps, needsScript = true): DisabledProps {
  const waiting = !useHydrated() && needsScript;
  return { disabled: props.disabled || waiting, "aria-disabled": waiting || props["aria-disabled"] };
}
