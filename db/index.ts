import path from "node:path";
import { env } from "@/lib/env";
import { openDatabase, type Database, type Db } from "./client";

export type { Db, Tx, Queryable } from "./client";

/*
 * One database per process. The holder lives on globalThis because Next bundles instrumentation,
 * route handlers and pages separately: module-level state would open PGlite's data directory twice.
 */
const key = Symbol.for("integrations-hub.database");
type Holder = { [key]?: { database: Database; ready: Promise<void> } };

function instance() {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    const e = env();
    const database = openDatabase(
      e.databaseUrl ? { url: e.databaseUrl } : { dataDir: path.join(/*turbopackIgnore: true*/ e.dataDir, "pglite") },
    );
    holder[key] = { database, ready: database.migrate() };
  }
  return holder[key];
}

/** The process's database handle, opened lazily on first use (never during `next build`). */
export function getDb(): Db {
  return instance().database.db;
}

/** The delivery engine's and ingest's handle (a pool of its own on PostgreSQL, see db/client.ts). */
export function getEngineDb(): Db {
  return instance().database.engineDb;
}

/** Resolves once migrations have been applied; called at boot before serving requests. */
export async function databaseReady(): Promise<Database> {
  const { database, ready } = instance();
  await ready;
  return database;
}
