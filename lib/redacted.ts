/**
 * What stands in for a secret wherever one would be shown or stored: attempt headers, echoed
 * responses, audit diffs, the delivery page. One value, so the UI can recognise it.
 */
export const REDACTED = "[redacted]";
