import type { IncomingMessage, ServerResponse } from "node:http";

/** The plain handler for this request, or undefined when Next should answer it. */
export function plainHandler(req: IncomingMessage): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
