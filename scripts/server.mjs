// The production server: Next.js behind a plain Node HTTP server that answers POST /api/v1/events
// itself. Next's request pipeline costs about 3 ms of CPU per request, several times the ingest
// work, so the hot ingest route skips it; every other request (and ingest until the app has
// booted) goes to Next. The ingest handler is the app's own code: instrumentation.ts boots the app
// inside Next's bundle and leaves the handler on globalThis (lib/events/http.ts, offerPlainIngest).
//
//   node scripts/server.mjs [-p PORT] [-H HOST] [--keepAliveTimeout MS]
import http from "node:http";
import { parseArgs } from "node:util";

const plainIngestKey = Symbol.for("integrations-hub.plain-ingest");

/**
 * The interface to listen on: `-H`/HOST when given; otherwise every interface in production, and
 * only the loopback one in development, where the demo users' passwords are published and private
 * targets are allowed.
 */
export function listenHost(hostFlag, environment) {
  if (hostFlag) return { host: hostFlag, reason: "set by HOST or -H" };
  const appEnv = environment.APP_ENV ?? (environment.NODE_ENV === "production" ? "production" : "development");
  if (appEnv === "production") return { host: undefined, reason: "every interface (production)" };
  return { host: "127.0.0.1", reason: "this machine only (development); set HOST=0.0.0.0 to listen on every interface" };
}

/** The plain handler for this request, or undefined when Next should answer it. */
export function plainHandler(req) {
  if (req.method !== "POST") return undefined;
  const url = req.url ?? "";
  if (url !== "/api/v1/events" && !url.startsWith("/api/v1/events?")) return undefined;
  return globalThis[plainIngestKey];
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
  // As `next start` does: the production build of React and Next (whether the app itself runs in
  // production mode is APP_ENV's business, see lib/env.ts). Set before Next is loaded, and after
  // APP_ENV/NODE_ENV chose the interface.
  process.env.NODE_ENV = "production";
  const { default: nextEnv } = await import("@next/env");
  const { default: next } = await import("next");
  const dir = process.cwd();
  nextEnv.loadEnvConfig(dir, false);
  const port = Number(values.port);
  const app = next({ dev: false, dir, hostname: listen.host ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const plain = plainHandler(req);
    const answer = plain ? plain(req, res) : handle(req, res);
    Promise.resolve(answer).catch((failure) => {
      console.error("[hub] request failed", failure);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong." } }));
    });
  });
  if (values.keepAliveTimeout) server.keepAliveTimeout = Number(values.keepAliveTimeout);
  server.listen(port, listen.host, () => {
    console.log(`[hub] listening on http://${listen.host ?? "0.0.0.0"}:${port}: ${listen.reason}`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((failure) => {
    console.error(failure);
    process.exit(1);
  });
}
