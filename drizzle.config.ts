import { defineConfig } from "drizzle-kit";

// Studio and migrate talk to DATABASE_URL when set, otherwise to the embedded PGlite data directory.
const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? ".data";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  ...(url ? { dbCredentials: { url } } : { driver: "pglite", dbCredentials: { url: `${dataDir}/pglite` } }),
});
