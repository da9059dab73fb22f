import { databaseReady } from "@/db";
import { DEMO_USERS, seedDemo } from "@/db/seed";
import { env, EnvError } from "@/lib/env";

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
  const database = await databaseReady();
  console.log(
    `[hub] database ready (${database.kind === "postgres" ? "PostgreSQL" : `embedded PGlite in ${e.dataDir}`}), migrations applied`,
  );
  if (e.seedDemo && (await seedDemo(database.db))) {
    console.log("[hub] seeded the demo: two programs and these sign-ins:");
    for (const u of DEMO_USERS) console.log(`[hub]   ${u.role.padEnd(8)} ${u.email} / ${u.password}`);
  }
}
