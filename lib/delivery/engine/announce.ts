/*
 * In-process announcements of new deliveries: whoever plans deliveries (ingest, fan-out) tells this
 * process's local worker at once, naming the connectors that have work, so it claims for exactly
 * those without waiting for its poll. Other processes hear the same through PostgreSQL NOTIFY (the
 * planning statement sends it at commit, see fanout.ts). Kept on globalThis: Next bundles route
 * handlers and instrumentation separately, and both must reach the one worker.
 */

type Listener = (connectorIds: readonly string[]) => void;

const key = Symbol.for("integrations-hub.work-listeners");
type Holder = { [key]?: Set<Listener> };

function listeners(): Set<Listener> {
  return ((globalThis as Holder)[key] ??= new Set());
}

/** Tells this process's listeners that these connectors have new deliveries due. */
export function announceWork(connectorIds: readonly string[]) {
  if (connectorIds.length === 0) return;
  for (const listener of listeners()) listener(connectorIds);
}

/** Calls `listener` for every announcement until the returned function is called. */
export function onWork(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** The NOTIFY payload: connector ids, comma-separated (well under PostgreSQL's 8000-byte limit). */
export function parseWorkPayload(payload: string | undefined): string[] {
  return payload ? payload.split(",").filter((id) => id.length > 0) : [];
}
