import { randomBytes } from "node:crypto";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { isDatabaseUnavailable } from "./db-errors";

/** What node-postgres rejects with for a server error: an Error carrying the SQLSTATE. */
function pgError(code: string, message = "server said no") {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

function systemError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: "connect" });
}

describe("isDatabaseUnavailable", () => {
  it.each(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"])("a socket error %s", (code) => {
    expect(isDatabaseUnavailable(systemError(code))).toBe(true);
  });

  it.each([
    "Connection terminated unexpectedly",
    "Connection terminated",
    "Connection terminated due to connection timeout",
    "timeout exceeded when trying to connect",
  ])("node-postgres's %j", (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it.each(["08000", "08003", "08006", "08001", "08004", "08P01"])("SQLSTATE %s (class 08, connection exception)", (code) => {
    expect(isDatabaseUnavailable(pgError(code))).toBe(true);
  });

  it.each(["57P01", "57P02", "57P03", "53300"])("SQLSTATE %s (shutdown, cannot connect now, too many connections)", (code) => {
    expect(isDatabaseUnavailable(pgError(code))).toBe(true);
  });

  it("55000 only for a database that is not accepting connections", () => {
    expect(isDatabaseUnavailable(pgError("55000", 'database "hub" is not currently accepting connections'))).toBe(true);
    expect(isDatabaseUnavailable(pgError("55000", "cannot ALTER TABLE because it has pending trigger events"))).toBe(false);
  });

  it("looks through drizzle's DrizzleQueryError and nested causes", () => {
    const wrapped = new DrizzleQueryError("select 1", [], pgError("57P01", "terminating connection due to administrator command"));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error("outer", { cause: new Error("middle", { cause: systemError("ECONNRESET") }) }))).toBe(true);
  });

  it("looks into an AggregateError (connect to a host with several addresses)", () => {
    expect(isDatabaseUnavailable(new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNREFUSED")], ""))).toBe(true);
  });

  it("anything else is not: constraint violations, syntax errors, bugs, non-errors", () => {
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("42601", "syntax error at or near"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("40001", "could not serialize access"))).toBe(false);
    expect(isDatabaseUnavailable(new DrizzleQueryError("insert …", [], pgError("23502", "null value in column")))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("no such file"), { code: "ENOENT" }))).toBe(false);
    for (const value of [undefined, null, "ECONNREFUSED", 42, {}]) expect(isDatabaseUnavailable(value)).toBe(false);
  });

  it("survives a cause cycle", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });

  it("recognises what a real node-postgres pool rejects with when nothing listens", async () => {
    // Port 1 on loopback: refused at once, no server needed.
    const database = openDatabase({ url: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const failure = await database.db.execute(sql`select 1`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeTruthy();
      expect(isDatabaseUnavailable(failure)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)("recognises what PostgreSQL says for a terminated backend and a database closed to connections", async () => {
    const base = process.env.DATABASE_URL!;
    const name = `hub_dberr_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const database = openDatabase({ url: url.toString() });
    try {
      await admin.query(`create database "${name}"`);
      await database.db.execute(sql`select 1`);
      // A connection in the pool is killed the way a restart kills it.
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
      await admin.query(`alter database "${name}" allow_connections false`);
      const failures: unknown[] = [];
      // The first query may meet the dead pooled connection, the next ones a refused connect.
      for (let i = 0; i < 3; i++) failures.push(await database.db.execute(sql`select 1`).then(() => null, (error: unknown) => error));
      expect(failures.every((failure) => failure && isDatabaseUnavailable(failure))).toBe(true);
      expect(JSON.stringify(failures.map((f) => String((f as Error).cause ?? f)))).toMatch(/not currently accepting connections/);
    } finally {
      await database.close();
      await admin.query(`alter database "${name}" allow_connections true`).catch(() => undefined);
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
