import type { IncomingMessage, ServerResponse } from "node:http";

/** The plain handler for this request, or undefined when Next should answer it. */
export function plainHandler(req: IncomingMessage): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

/** The interface to listen on (undefined: every interface), and why, for the start-up line. */
export function listenHost(hostFlag: string | undefined, environment: Record<string, string | undefined>): { host: string | undefined; reason: string };
