import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

/** The plain handler for this request, or undefined when Next should answer it. */
export function plainHandler(req: IncomingMessage): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

/** The interface to listen on (undefined: every interface), and why, for the start-up line. */
export function listenHost(hostFlag: string | undefined, environment: Record<string, string | undefined>): { host: string | undefined; reason: string };

/**
 * The server's request listener: a request id on every request (echoed as X-Request-Id and passed
 * on in the request's headers) and one log line per request, ingest at debug, the rest at info.
 * With no trusted proxy (`trustedProxyHops` 0, the default) X-Forwarded-For is replaced by the
 * connection's address.
 */
export function requestListener(
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  logger: Logger,
  options?: { trustedProxyHops?: number },
): (req: IncomingMessage, res: ServerResponse) => void;
