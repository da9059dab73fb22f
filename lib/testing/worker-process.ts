// A delivery worker in its own process, for crash and multi-process tests:
//   tsx lib/testing/worker-process.ts '{"url":"postgres://…"}'  or  '{"dataDir":"/tmp/pglite-x"}'
// Prints "ready" once polling; SIGTERM stops it gracefully, SIGKILL simulates a crash.
import { openDatabase } from "@/db/client";
import { LocalWorker } from "@/lib/delivery/worker";
import { testRuntime } from "./pipeline";

const options = JSON.parse(process.argv[2] ?? "{}") as { url?: string; dataDir?: string; leaseMarginMs?: number };
const database = openDatabase(options.url ? { url: options.url } : { dataDir: options.dataDir });
const worker = new LocalWorker(testRuntime(database.db, { leaseMarginMs: options.leaseMarginMs ?? 2000 }), {
  pollIntervalMs: 25,
  log: (m) => console.error(m),
});
worker.start();
console.log(`ready ${worker.owner}`);

process.on("SIGTERM", () => {
  void worker
    .stop(5000)
    .then(() => database.close())
    .then(() => process.exit(0));
});
