import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { openDatabase, type Database, type Db } from "@/db/client";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a brand-new
 * database on the server named by DATABASE_URL (created here, dropped afterwards).
 */
async function createTestDatabase(): Promise<Database> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const database = openDatabase({ dataDir: "memory" });
    await database.migrate();
    return database;
  }
  const name = `hub_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString() });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Registers hooks that open a fresh database before the file's (or the describe block's) tests and
 * close it after; with `perTest`, one for each test, for tests that count every row of a table.
 */
export function useTestDatabase(options: { perTest?: boolean } = {}): () => Database {
  let database: Database | undefined;
  const [open, close] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  open(async () => {
    database = await createTestDatabase();
  });
  close(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error("test database is not open yet");
    return database;
  };
}

/**
 * Makes the database itself refuse this program's event inserts with an error of `sqlstate`: the
 * API key lookup works, then the insert fails with a real server error through the real driver,
 * whichever statement ingest uses. Returns the undo.
 */
export async function failEventInserts(db: Db, programId: string, sqlstate: string, message: string) {
  const name = `fail_${randomBytes(4).toString("hex")}`;
  await db.execute(
    sql.raw(`create function ${name}() returns trigger language plpgsql as $$
      begin raise exception using errcode = '${sqlstate}', message = '${message}'; end $$`),
  );
  await db.execute(
    sql.raw(`create trigger ${name} before insert on events for each row when (new.program_id = '${programId}') execute function ${name}()`),
  );
  return async () => {
    await db.execute(sql.raw(`drop trigger ${name} on events`));
    await db.execute(sql.raw(`drop function ${name}()`));
  };
}
