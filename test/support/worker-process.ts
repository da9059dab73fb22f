// A delivery worker in its own process, for crash and multi-process tests:
//   tsx test/support/worker-process.ts '{"url":"postgres://…"}'  or  '{"dataDir":"/tmp/pglite-x"}'
// with optional "pollIntervalMs" (default 25), "maxConcurrent" (the worker's default when absent)
// and "leaseMarginMs" (default 2000). Prints "ready" once polling; SIGTERM stops it gracefully,
// SIGKILL simulates a crash.
import { openDatabase } from "@/db/client";
import { LocalWorker } from "@/lib/delivery/engine/worker";
import { testRuntime } from "./pipeline";

type Options = { url?: string; dataDir?: string; leaseMarginMs?: number; pollIntervalMs?: number; maxConcurrent?: number };

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const database = openDatabase(options.url ? { url: options.url } : { dataDir: options.dataDir });
const worker = new LocalWorker(testRuntime(database.db, { leaseMarginMs: options.leaseMarginMs ?? 2000 }), {
  pollIntervalMs: options.pollIntervalMs ?? 25,
  ...(options.maxConcurrent !== undefined && { maxConcurrent: options.maxConcurrent }),
  log: (m) => console.error(m),
});
worker.start();
console.log(`ready ${worker.owner}`);
// The worker's own timers do not keep a process alive (in the app the HTTP server does), and when
// the database drops every connection nothing else would: hold it open until SIGTERM.
const keepAlive = setInterval(() => undefined, 60_000);

process.on("SIGTERM", () => {
  clearInterval(keepAlive);
  void worker
    .stop(5000)
    .then(() => database.close())
    .then(() => process.exit(0));
});
