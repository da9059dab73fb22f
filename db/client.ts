import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { ExtractTablesWithRelations, Query, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import { log } from "@/lib/log";
import * as schema from "./schema";

type Schema = typeof schema;
/** The common type of both drivers: code in lib/ never knows which one it talks to. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Database = {
  db: Db;
  /**
   * The delivery engine's and ingest's handle: on PostgreSQL a pool of its own, so screens and the
   * engine never queue behind each other, whose sessions keep one generic plan per prepared
   * statement (see executePrepared). PGlite has one connection: the same handle as `db`.
   */
  engineDb: Db;
  kind: "postgres" | "pglite";
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (from any process), until the returned function
   * is called. On PostgreSQL a dedicated connection listens and reconnects by itself; it also calls
   * `onNotify` after a reconnect, since announcements made while it was away are lost.
   */
  listen(channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>>;
};

type Internals = {
  session: { prepareQuery(query: Query, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
  dialect: { sqlToQuery(sql: SQL): Query };
};

/**
 * Runs a raw statement as a named prepared statement, for the delivery engine's hot paths: on
 * PostgreSQL each connection plans it once instead of on every call (planning these statements costs
 * more than running them). PGlite runs it as usual. One name, one SQL text: only the parameters may
 * vary. Uses Drizzle's session, which `db.execute` does not let one name.
 */
export function executePrepared(db: Queryable, name: string, query: SQL): Promise<unknown> {
  const { session, dialect } = db as unknown as Internals;
  return session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
}

function openPool(url: string, sessionOptions?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A server that accepts connections but never answers (or a pool with every client busy) fails
    // the request after this long, which ingest turns into a 503, instead of hanging it forever.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    ...(sessionOptions ? { options: sessionOptions } : {}),
  });
  // A connection dropped by the server (restart, failover, pg_terminate_backend) must not crash
  // the process. The pool reports idle clients' errors; a client checked out between two queries
  // emits on itself, so every client gets a listener too. The failing query still rejects, and the
  // pool replaces the connection.
  pool.on("error", (error) => log("db").error(`idle connection lost: ${error.message}`));
  pool.on("connect", (client) => {
    client.on("error", (error) => log("db").error(`connection lost: ${error.message}`));
  });
  return pool;
}


const LISTEN_RETRY_MS = 1000;

function listenOnServer(url: string, channel: string, onNotify: (payload?: string) => void): Promise<() => Promise<void>> {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const reconnectLater = () => {
    if (closed) return;
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), LISTEN_RETRY_MS);
    retry.unref?.();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    // Errors end the connection; 'end' schedules the reconnect.
    c.on("error", () => undefined);
    c.on("end", () => {
      if (client === c) client = undefined;
      reconnectLater();
    });
    c.on("notification", (message) => {
      if (message.channel === channel) onNotify(message.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (closed) return void (await c.end());
      client = c;
      onNotify();
    } catch {
      await c.end().catch(() => undefined);
      reconnectLater();
    }
  };
  return connect().then(() => async () => {
    closed = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  });
}

const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

/**
 * Opens a database: node-postgres when a URL is given, otherwise PGlite in `dataDir`
 * (or in memory when dataDir is "memory"). Nothing connects until the first query.
 */
export function openDatabase(options: { url?: string; dataDir?: string }): Database {
  if (options.url) {
    const pool = openPool(options.url);
    // The engine's statements are few and fixed; their generic plans are as good as custom ones, and
    // replanning them on every call cost more than running them (docs/decisions/005). They touch a
    // few rows each, yet a big table can push a plan's estimated cost past jit_above_cost, and
    // compiling it then costs tens of milliseconds per call: no JIT on this pool.
    const enginePool = openPool(options.url, "-c plan_cache_mode=force_generic_plan -c jit=off");
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      engineDb: drizzlePg(enginePool, { schema }) as unknown as Db,
      kind: "postgres",
      migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
      close: async () => {
        await Promise.all([pool.end(), enginePool.end()]);
      },
      listen: (channel, onNotify) => listenOnServer(options.url!, channel, onNotify),
    };
  }
  const dataDir = options.dataDir ?? "memory";
  const client = dataDir === "memory" ? new PGlite() : new PGlite(path.resolve(/*turbopackIgnore: true*/ dataDir));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engineDb: db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    close: () => client.close(),
    // One process per data directory: a NOTIFY can only come from this process, which wakes its
    // worker directly. Listening anyway keeps the two drivers interchangeable.
    listen: async (channel, onNotify) => client.listen(channel, onNotify),
  };
}
