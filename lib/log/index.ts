import type { DestinationStream } from "pino";
import { env, type AppEnv } from "@/lib/env";
import { createLogger, type Logger } from "./core.mjs";

export { requestId, type Logger } from "./core.mjs";

/*
 * The process's one root logger, on globalThis: instrumentation and each route bundle load this
 * module separately, and they must share one stream (and its level).
 */
const key = Symbol.for("integrations-hub.logger");
type Holder = { [key]?: Logger };

/** The logger an environment asks for: LOG_LEVEL, JSON lines in production, pretty text elsewhere. */
export function appLogger(e: Pick<AppEnv, "logLevel" | "isProduction">, destination?: DestinationStream): Logger {
  return createLogger({ level: e.logLevel, pretty: !e.isProduction, destination });
}

function root(): Logger {
  const holder = globalThis as Holder;
  return (holder[key] ??= appLogger(env()));
}

/** A logger whose lines name the part of the app that wrote them: `log("delivery").warn(…)`. */
export function log(component: string, bindings: Record<string, unknown> = {}): Logger {
  return root().child({ component, ...bindings });
}

/** Replaces the root logger (tests capture lines with it); returns the one it replaced. */
export function replaceLogger(logger: Logger | undefined): Logger | undefined {
  const holder = globalThis as Holder;
  const previous = holder[key];
  holder[key] = logger;
  return previous;
}

/**
 * A logger for one request's lines, bound to the id scripts/server.mjs gave it (X-Request-Id on
 * the request's headers); under `next dev`, which has no such server, the lines carry none.
 */
export function requestLog(component: string, headers: Pick<Headers, "get">): Logger {
  const reqId = headers.get("x-request-id");
  return log(component, reqId ? { reqId } : {});
}
