import type { DestinationStream, Logger } from "pino";

export type { Logger };
export type Level = "debug" | "info" | "warn" | "error" | "silent";

export const CENSOR: string;

/** A pino logger: JSON lines unless `pretty`; `destination` replaces stdout (pretty text goes there too). */
export function createLogger(options: { level: Level; pretty?: boolean; destination?: DestinationStream }): Logger;

/** A request path or URL as it may be logged: a test inbox's token reads `[redacted]`. */
export function loggedPath(path: string): string;

/** The client's X-Request-Id when it is a safe token, otherwise a new one. */
export function requestId(incoming: unknown): string;
