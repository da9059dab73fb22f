// `npm run db:migrate`: applies the committed SQL migrations to DATABASE_URL, or to the embedded
// PGlite directory when it is unset. The app also does this at start-up.
import path from "node:path";
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";

async function main() {
  const e = env();
  const database = openDatabase(e.databaseUrl ? { url: e.databaseUrl } : { dataDir: path.join(e.dataDir, "pglite") });
  await database.migrate();
  await database.close();
  console.log(`migrations applied (${database.kind === "postgres" ? "PostgreSQL" : `PGlite in ${e.dataDir}`})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
