import { databaseReady } from "@/db";
import { DEMO_USERS, seedDemo } from "@/db/seed";
import { startDeliveryEngine, stopDeliveryEngine, type EngineAdapters } from "@/lib/delivery/engine/picker";
import { env, EnvError } from "@/lib/env";
import { offerPlainIngest } from "@/lib/events/http";
import { log } from "@/lib/log";

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Start-up, run once per server process from instrumentation.ts before any request is served.
 * `engines` are the delivery engines that live outside lib/ (Inngest), for the engine picker.
 */
export async function boot(engines: EngineAdapters) {
  let e;
  try {
    e = env();
  } catch (error) {
    if (error instanceof EnvError) {
      // No logger yet: its level and format come from the environment just refused.
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const hub = log("hub");
  for (const notice of e.notices) hub.warn(notice);
  const database = await databaseReady();
  hub.info(`database ready (${database.kind === "postgres" ? "PostgreSQL" : `embedded PGlite in ${e.dataDir}`}), migrations applied`);
  if (e.seedDemo && (await seedDemo(database.db))) {
    // The demo's passwords are published (and never seeded in production): spelled out in the message.
    hub.info(
      ["seeded the demo: two programs and these sign-ins:", ...DEMO_USERS.map((u) => `  ${u.role.padEnd(8)} ${u.email} / ${u.password}`)].join("\n"),
    );
  }
  // The engine first: ingest may dispatch as soon as it is offered.
  hub.info(await startDeliveryEngine(engines));
  offerPlainIngest();

  // Attempts in flight finish (or are released for another process) before the database closes.
  // `npm start` sets NEXT_MANUAL_SIG_HANDLE so Next leaves these signals to us.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    hub.info(`${signal}: stopping the delivery driver`);
    await stopDeliveryEngine(SHUTDOWN_GRACE_MS).catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGTERM", (s) => void shutdown(s));
  process.once("SIGINT", (s) => void shutdown(s));
}
