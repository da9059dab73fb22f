import { useSyncExternalStore } from "react";

// Nothing to subscribe to: the value only differs between the server (and hydration) and the client.
const subscribe = () => () => {};

/**
 * False on the server and while React hydrates the calling component, true from the render right
 * after (and at once in anything mounted later, as on a client-side navigation). A control that needs
 * its handler renders disabled while this is false, so a click between first paint and hydration is
 * refused visibly instead of being lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
