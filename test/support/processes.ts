import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { startReceiver, type Receiver } from "./receiver";

/*
 * Helpers for tests with real processes, really killed. The database outlives them: a PGlite
 * directory (one process at a time) or, when DATABASE_URL is set, a fresh PostgreSQL database
 * that several processes share.
 */

export type Location = { url?: string; dataDir?: string };

/** Options of test/support/worker-process.ts, besides the location. */
export type WorkerProcessOptions = { pollIntervalMs?: number; maxConcurrent?: number; leaseMarginMs?: number };

/**
 * Registers an afterAll that kills every worker still running and runs the cleanups (drop the
 * databases, remove the directories, close receivers pushed onto `cleanups`). Call at the top of a
 * test file.
 */
export function useProcesses() {
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map(exited));
    for (const cleanup of cleanups) await cleanup();
  });

  /** A PGlite directory, or a brand-new database on the DATABASE_URL server. */
  async function freshLocation(prefix = "hub_crash"): Promise<Location> {
    const base = process.env.DATABASE_URL;
    if (!base) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, "-")}-`));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      return { dataDir };
    }
    const name = `${prefix}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    });
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { url: url.toString() };
  }

  /** Starts a worker process on `location`; resolves once it polls. */
  function startWorker(location: Location, options: WorkerProcessOptions = {}): Promise<ChildProcess> {
    // One process (node with tsx's loader), not the tsx CLI, which would run the worker in a child
    // that SIGKILL never reaches.
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/worker-process.ts", JSON.stringify({ ...location, ...options })], {
      stdio: ["ignore", "pipe", "inherit"],
      // Server modules import `server-only`, which is empty under the react-server condition.
      env: { ...process.env, NODE_OPTIONS: "--conditions=react-server" },
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve(child);
      });
      child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
    });
  }

  return { children, cleanups, freshLocation, startWorker };
}

/**
 * Registers an afterAll that closes the receivers it starts, and returns the function that starts
 * them (startReceiver's options). Call at the top of a test file.
 */
export function useReceivers() {
  const started: Receiver[] = [];
  afterAll(async () => {
    await Promise.all(started.map((r) => r.close()));
  });
  return async (...options: Parameters<typeof startReceiver>): Promise<Receiver> => {
    const receiver = await startReceiver(...options);
    started.push(receiver);
    return receiver;
  };
}

/** Opens (and migrates) the database, runs `fn`, and closes it: a PGlite directory is free again after. */
export async function withDatabase<T>(location: Location, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(location);
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

export function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once("exit", () => resolve())));
}

/** The name of a location's PostgreSQL database. */
export function databaseName(location: Location): string {
  if (!location.url) throw new Error("not a PostgreSQL location");
  return decodeURIComponent(new URL(location.url).pathname.slice(1));
}
