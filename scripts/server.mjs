// The production server: Next.js behind a plain Node HTTP server that answers POST /api/v1/events
// itself. Next's request pipeline costs about 3 ms of CPU per request, several times the ingest
// work, so the hot ingest route skips it; every other request (and ingest until the app has
// booted) goes to Next. The ingest handler is the app's own code: instrumentation.ts boots the app
// inside Next's bundle and leaves the handler on globalThis (lib/events/http.ts, offerPlainIngest).
//
//   node scripts/server.mjs [-p PORT] [-H HOST] [--keepAliveTimeout MS]
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createLogger, loggedPath, requestId } from "../lib/log/core.mjs";

const plainIngestKey = Symbol.for("integrations-hub.plain-ingest");

/**
 * A test inbox's request's headers as they arrived on the wire (`req.rawHeaders`), before this
 * server (X-Request-Id, X-Forwarded-For) and Next (X-Forwarded-Host/-Port/-Proto/-For) add to them:
 * the inbox shows exactly what was sent. Read by lib/test-inbox/wire-headers.ts inside Next's bundle.
 */
const wireHeadersKey = Symbol.for("integrations-hub.wire-headers");
const wireHeaders = (globalThis[wireHeadersKey] ??= new AsyncLocalStorage());

/** Next answers the request; a test inbox's capture (POST /api/inbox/<token>) keeps its wire headers while it does. */
function answerWithNext(handle, req, res) {
  if (!(req.url ?? "").startsWith("/api/inbox/")) return handle(req, res);
  return wireHeaders.run(req.rawHeaders, () => handle(req, res));
}

/** APP_ENV, or production when only NODE_ENV says so (as lib/env.ts reads them). */
function appEnvironment(environment) {
  return environment.APP_ENV ?? (environment.NODE_ENV === "production" ? "production" : "development");
}

/**
 * The interface to listen on: `-H`/HOST when given; otherwise every interface in production, and
 * only the loopback one in development, where the demo users' passwords are published and private
 * targets are allowed.
 */
export function listenHost(hostFlag, environment) {
  if (hostFlag) return { host: hostFlag, reason: "set by HOST or -H" };
  if (appEnvironment(environment) === "production") return { host: undefined, reason: "every interface (production)" };
  return { host: "127.0.0.1", reason: "this machine only (development); set HOST=0.0.0.0 to listen on every interface" };
}

/** The plain handler for this request, or undefined when Next should answer it. */
export function plainHandler(req) {
  if (req.method !== "POST") return undefined;
  const url = req.url ?? "";
  if (url !== "/api/v1/events" && !url.startsWith("/api/v1/events?")) return undefined;
  return globalThis[plainIngestKey];
}

/**
 * The server's request listener (`trustedProxyHops`: TRUSTED_PROXY_HOPS, checked by lib/env.ts at
 * boot). Every request gets an id (the client's X-Request-Id when it is a
 * safe token, else a new one), echoed in the response and passed on as the request's header, so
 * the app's lines about the request carry it too. One line per request when it ends: ingest, the
 * hot path, at debug; everything else at info; a test inbox's token never in it (loggedPath).
 */
export function requestListener(handle, logger, { trustedProxyHops = 0 } = {}) {
  return (req, res) => {
    // Without a trusted proxy in front, X-Forwarded-For is whatever the client wrote: the app (its
    // sign-in limit per address) gets the connection's own address instead.
    if (trustedProxyHops === 0) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    const reqId = requestId(req.headers["x-request-id"]);
    req.headers["x-request-id"] = reqId;
    res.setHeader("X-Request-Id", reqId);
    const plain = plainHandler(req);
    const level = plain ? "debug" : "info";
    if (logger.isLevelEnabled(level)) {
      const started = performance.now();
      res.once("close", () => {
        const path = loggedPath((req.url ?? "").split("?")[0]);
        const status = res.writableFinished ? res.statusCode : "aborted";
        const ms = Math.round((performance.now() - started) * 10) / 10;
        logger[level]({ reqId, method: req.method, path, status, ms }, `${req.method} ${path} ${status} ${ms} ms`);
      });
    }
    const answer = plain ? plain(req, res) : answerWithNext(handle, req, res);
    Promise.resolve(answer).catch((failure) => {
      logger.error({ reqId, err: failure, req }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong." } }));
    });
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p", default: process.env.PORT || "3000" },
      hostname: { type: "string", short: "H", default: process.env.HOST || undefined },
      keepAliveTimeout: { type: "string" },
    },
  });
  const listen = listenHost(values.hostname, process.env);
  const production = appEnvironment(process.env) === "production";
  // As `next start` does: the production build of React and Next (whether the app itself runs in
  // production mode is APP_ENV's business, see lib/env.ts). Set before Next is loaded, and after
  // APP_ENV/NODE_ENV chose the interface.
  process.env.NODE_ENV = "production";
  // lib/env.ts derives the hub's own address (APP_URL's default) from PORT: `-p` must count too.
  process.env.PORT = values.port;
  const { default: nextEnv } = await import("@next/env");
  const { default: next } = await import("next");
  const dir = process.cwd();
  nextEnv.loadEnvConfig(dir, false);
  const port = Number(values.port);
  const app = next({ dev: false, dir, hostname: listen.host ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The app has booted (instrumentation runs in prepare), so LOG_LEVEL has passed lib/env.ts's check.
  const logger = createLogger({ level: process.env.LOG_LEVEL || "info", pretty: !production });

  const trustedProxyHops = Number(process.env.TRUSTED_PROXY_HOPS || 0);
  const server = http.createServer(requestListener(handle, logger.child({ component: "http" }), { trustedProxyHops }));
  if (values.keepAliveTimeout) server.keepAliveTimeout = Number(values.keepAliveTimeout);
  server.listen(port, listen.host, () => {
    logger.child({ component: "hub" }).info(`listening on http://${listen.host ?? "0.0.0.0"}:${port}: ${listen.reason}`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((failure) => {
    // Before (or while) the app boots there is no logger to write with.
    console.error(failure);
    process.exit(1);
  });
}
