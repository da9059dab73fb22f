import { databaseReady } from "@/db";
import { DEMO_USERS, seedDemo } from "@/db/seed";
import { startLocalWorker, stopLocalWorker } from "@/lib/delivery/local-driver";
import { env, EnvError } from "@/lib/env";
import { offerPlainIngest } from "@/lib/events/http";

const SHUTDOWN_GRACE_MS = 10_000;

/** Start-up, run once per server process from instrumentation.ts before any request is served. */
export async function boot() {
  let e;
  try {
    e = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const notice of e.notices) console.warn(`[hub] ${notice}`);
  const database = await databaseReady();
  console.log(
    `[hub] database ready (${database.kind === "postgres" ? "PostgreSQL" : `embedded PGlite in ${e.dataDir}`}), migrations applied`,
  );
  if (e.seedDemo && (await seedDemo(database.db))) {
    console.log("[hub] seeded the demo: two programs and these sign-ins:");
    for (const u of DEMO_USERS) console.log(`[hub]   ${u.role.padEnd(8)} ${u.email} / ${u.password}`);
  }
  offerPlainIngest();
  if (e.delivery.engine === "local") {
    const worker = startLocalWorker();
    console.log(
      `[hub] local delivery driver started (${worker.owner}); private targets ${e.delivery.allowPrivateTargets ? "allowed" : "refused"}`,
    );
  } else {
    console.log("[hub] delivery engine: Inngest (served at /api/inngest)");
  }

  // Attempts in flight finish (or are released for another process) before the database closes.
  // `npm start` sets NEXT_MANUAL_SIG_HANDLE so Next leaves these signals to us.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[hub] ${signal}: stopping the delivery driver`);
    await stopLocalWorker(SHUTDOWN_GRACE_MS).catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGTERM", (s) => void shutdown(s));
  process.once("SIGINT", (s) => void shutdown(s));
}
