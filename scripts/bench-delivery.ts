// `npm run bench:delivery [-- --db postgres|pglite] [--json] [sizes…]` (see docs/benchmarks.md)
//
// End-to-end delivery benchmark of the real, built app (scripts/server.mjs, as `npm start` runs it), in one run:
//   1. a scratch database (a fresh PostgreSQL database, or PGlite in a temp directory), migrated;
//   2. a webhook receiver in its own process (scripts/bench-receiver.ts), checking signatures;
//   3. the bare loop: signed POSTs from here straight to the receiver, the physical limit;
//   4. setup through the real admin verbs: connectors, push rules, API keys;
//   5. the app, with its RSS sampled every 100 ms;
//   6. phases against /api/v1/events: burst (fan-out throughput), steady (latency), single and
//      batch ingest (events/s, to a program with no push rules);
//   7. claim time of the delivery lease at a small and a large backlog (app stopped);
// then the correctness checks and a table (or --json). Exit code 1 when a check failed.
//
// Run it with the react-server condition (package.json does): lib/ modules import `server-only`,
// which throws anywhere else. The app itself runs without it, as `npm start` runs it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import type { Db } from "@/db/client";
import type { Arrival, ReceiverStats } from "./bench-receiver";

// ───────────────────────────── options ─────────────────────────────

const HELP = `npm run bench:delivery -- [options]

  --db postgres|pglite     scratch database (default postgres)
  --pg-url URL             server for --db postgres (default postgres://postgres@127.0.0.1:5432/postgres)
  --connectors N           connectors subscribed to points.earned (default 4)
  --bare N                 signed POSTs of the bare loop (default 20000)
  --events N               events of the burst (default 10000)
  --warmup N               untimed events before the burst, as the bare loop has an untimed
                           warm-up (default: its request count ÷ connectors, 0 for none)
  --batch N                events per request in burst and batch ingest (default 500, max 500)
  --ingest-concurrency N   requests in flight in burst and batch ingest (default 4)
  --burst-timeout S        seconds to wait for the burst's deliveries (default 300)
  --rate N                 events/s of the steady phase (default 100)
  --seconds S              length of the steady phase (default 10)
  --single-events N        single-event POSTs of the single ingest phase (default 5000)
  --single-concurrency N   requests in flight in the single ingest phase (default 16)
  --batch-events N         events of the batch ingest phase (default 40000)
  --claim-sizes A,B        backlogs at which to time a claim of 10 (default 100,100000)
  --claim-runs N           timed claims per backlog (default 30)
  --build                  run \`next build\` first even if .next exists
  --no-build               fail instead of building when .next/BUILD_ID is missing
  --next-start             serve the app with \`next start\` instead of npm start's server
                           (scripts/server.mjs), to compare the two
  --json                   print one JSON object instead of the table
  --help`;

type Options = {
  db: "postgres" | "pglite";
  pgUrl: string;
  connectors: number;
  bare: number;
  events: number;
  /** Untimed warm-up events before the burst; null: as many deliveries as the bare loop's warm-up requests. */
  warmup: number | null;
  batch: number;
  ingestConcurrency: number;
  burstTimeoutS: number;
  rate: number;
  seconds: number;
  singleEvents: number;
  singleConcurrency: number;
  batchEvents: number;
  claimSizes: number[];
  claimRuns: number;
  build: "auto" | "always" | "never";
  nextStart: boolean;
  json: boolean;
};

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      db: { type: "string", default: "postgres" },
      "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
      connectors: { type: "string", default: "4" },
      bare: { type: "string", default: "20000" },
      events: { type: "string", default: "10000" },
      warmup: { type: "string" },
      batch: { type: "string", default: "500" },
      "ingest-concurrency": { type: "string", default: "4" },
      "burst-timeout": { type: "string", default: "300" },
      rate: { type: "string", default: "100" },
      seconds: { type: "string", default: "10" },
      "single-events": { type: "string", default: "5000" },
      "single-concurrency": { type: "string", default: "16" },
      "batch-events": { type: "string", default: "40000" },
      "claim-sizes": { type: "string", default: "100,100000" },
      "claim-runs": { type: "string", default: "30" },
      build: { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      "next-start": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const positive = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a number above 0`);
    return n;
  };
  if (values.db !== "postgres" && values.db !== "pglite") throw new UsageError("--db must be postgres or pglite");
  if (values.build && values["no-build"]) throw new UsageError("--build and --no-build exclude each other");
  return {
    db: values.db,
    pgUrl: values["pg-url"],
    connectors: int("connectors", values.connectors, 1, 100),
    bare: int("bare", values.bare, 1),
    events: int("events", values.events, 1),
    warmup: values.warmup === undefined ? null : int("warmup", values.warmup, 0),
    // The ingest API takes at most 500 events per request.
    batch: int("batch", values.batch, 1, 500),
    ingestConcurrency: int("ingest-concurrency", values["ingest-concurrency"], 1, 256),
    burstTimeoutS: positive("burst-timeout", values["burst-timeout"]),
    rate: positive("rate", values.rate),
    seconds: positive("seconds", values.seconds),
    singleEvents: int("single-events", values["single-events"], 1),
    singleConcurrency: int("single-concurrency", values["single-concurrency"], 1, 256),
    batchEvents: int("batch-events", values["batch-events"], 1),
    claimSizes: values["claim-sizes"].split(",").map((s) => int("claim-sizes", s.trim(), 10)),
    claimRuns: int("claim-runs", values["claim-runs"], 1, 10_000),
    build: values.build ? "always" : values["no-build"] ? "never" : "auto",
    nextStart: values["next-start"],
    json: values.json,
  };
}

class UsageError extends Error {}

// ───────────────────────────── small helpers ─────────────────────────────

/** Epoch milliseconds with sub-millisecond precision; the receiver reads the same clock. */
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** Progress goes to stderr, so that `--json` leaves stdout to the result. */
const log = (message: string) => console.error(`[bench] ${message}`);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);
const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en") : "n/a");
/** Milliseconds for display: negative latencies (delivery before the 202 was read) show as 0. */
const fmtMs = (n: number | null, digits?: number) => {
  if (n == null || !Number.isFinite(n)) return "n/a";
  const v = Math.max(0, n);
  return `${v.toFixed(digits ?? (v < 10 ? 1 : 0))} ms`;
};

/** A time limit for every loop: nothing here can wait forever. */
const PHASE_LIMIT_MS = 600_000;
const REQUEST_TIMEOUT_MS = 60_000;

// ───────────────────────────── cleanup ─────────────────────────────

/** Run last-in first-out, once, whether the run ends normally, by an error or by a signal. */
const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | null = null;
function onCleanup(what: string, run: () => Promise<void>) {
  cleanups.push({ what, run });
}
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { what, run } of cleanups.splice(0).reverse()) {
      await run().catch((error: unknown) => log(`cleanup (${what}) failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  })();
  return cleaning;
}

// ───────────────────────────── HTTP client ─────────────────────────────

type HttpResult = { status: number; /** when the response's headers arrived (epoch ms) */ at: number; body: string };

function httpRequest(
  agent: http.Agent,
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? "GET",
        headers: { ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        timeout: init.timeoutMs ?? REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const at = nowMs();
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, at, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url.host} in ${init.timeoutMs ?? REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs task(0…count-1) with `concurrency` in flight; stops starting new ones after `limitMs`. */
async function runPool(count: number, concurrency: number, limitMs: number, task: (i: number) => Promise<void>) {
  const deadline = performance.now() + limitMs;
  let next = 0;
  let done = 0;
  let timedOut = false;
  const lane = async () => {
    while (next < count) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      await task(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (timedOut) log(`stopped after ${Math.round(limitMs / 1000)} s with ${fmtInt(done)} of ${fmtInt(count)} requests done`);
  return { done, timedOut };
}

// ───────────────────────────── processes ─────────────────────────────

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

async function stopProcess(child: ChildProcess, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    // Whatever it spawned goes too: those are ours as well.
    for (const pid of descendants(child.pid!)) tryKill(pid);
    child.kill("SIGKILL");
  }, graceMs);
  await exited(child);
  clearTimeout(timer);
}

function tryKill(pid: number) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Child pids of every process, from /proc/<pid>/stat's ppid field. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux this runs on, asked once. */
const clockTicks = (() => {
  try {
    return Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) used so far by these processes, from /proc/<pid>/stat. */
function cpuMsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / clockTicks;
}

/** Every process whose command name is `comm` (PostgreSQL's server and backends are "postgres"). */
function pidsNamed(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === comm) pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}

/** The machine's busy and total CPU time so far (ms, all cores), from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy: (busy * 1000) / clockTicks, total: ((busy + idle! + iowait!) * 1000) / clockTicks };
}

type CpuSnapshot = { app: number; receiver: number; postgres: number; machine: { busy: number; total: number } };

/** Where the CPU goes during a phase: the app, the receiver, PostgreSQL's processes, the whole machine. */
type CpuUse = {
  /** CPU microseconds per delivery. */
  appUs: number;
  receiverUs: number;
  /** null with PGlite (it runs inside the app). */
  postgresUs: number | null;
  /** Share of the machine's cores busy over the phase, 0–1. */
  machineBusy: number;
};

function cpuSnapshot(appPids: () => number[], receiverPid: number, db: Options["db"]): CpuSnapshot {
  return {
    app: cpuMsOf(appPids()),
    receiver: cpuMsOf([receiverPid]),
    postgres: db === "postgres" ? cpuMsOf(pidsNamed("postgres")) : 0,
    machine: machineCpuMs(),
  };
}

function cpuUse(before: CpuSnapshot, after: CpuSnapshot, deliveries: number, db: Options["db"]): CpuUse {
  const per = (ms: number) => (ms * 1000) / Math.max(1, deliveries);
  return {
    appUs: per(after.app - before.app),
    receiverUs: per(after.receiver - before.receiver),
    postgresUs: db === "postgres" ? per(after.postgres - before.postgres) : null,
    machineBusy: (after.machine.busy - before.machine.busy) / Math.max(1, after.machine.total - before.machine.total),
  };
}

/** Peak RSS of a process and its descendants. Reads VmRSS every 100 ms; refreshes the tree every second. */
function sampleRss(pid: number) {
  let tree = [pid];
  let ticks = 0;
  let peak = 0;
  const timer = setInterval(() => {
    if (ticks++ % 10 === 0) tree = [pid, ...descendants(pid)];
    peak = Math.max(peak, tree.reduce((sum, p) => sum + rssBytes(p), 0));
  }, 100);
  timer.unref();
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

type ReceiverHandle = {
  url: string;
  pid: number;
  stats(): Promise<ReceiverStats>;
  /** Arrivals since the last reset, from the `from`-th on. */
  arrivals(from?: number): Promise<Arrival[]>;
  reset(): Promise<void>;
};

/**
 * The receiver in its own process, so that neither the bench's client loops nor the app's event
 * loop slow down its answers (see scripts/bench-receiver.ts).
 */
async function startReceiver(secret: string): Promise<ReceiverHandle> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/bench-receiver.ts"), "--secret", secret], {
    // stdin stays open: the receiver exits when it closes, even if this process is killed.
    stdio: ["pipe", "pipe", "inherit"],
  });
  onCleanup("receiver", () => stopProcess(child, 5000));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the receiver did not start in 30 s")), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`the receiver exited early (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const call = async <T>(method: string, route: string): Promise<T> => {
    const res = await httpRequest(agent, new URL(route, base), { method });
    if (res.status !== 200) throw new Error(`receiver ${method} ${route}: HTTP ${res.status}`);
    return JSON.parse(res.body) as T;
  };
  return {
    url: `${base}/hook`,
    pid: child.pid!,
    stats: () => call<ReceiverStats>("GET", "/_stats"),
    arrivals: (from = 0) => call<Arrival[]>("GET", `/_arrivals?from=${from}`),
    reset: async () => void (await call("POST", "/_reset")),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const nextBin = path.resolve("node_modules/next/dist/bin/next");

function ensureBuild(mode: Options["build"]) {
  const buildId = path.resolve(".next/BUILD_ID");
  if (mode === "never" && !fs.existsSync(buildId)) {
    throw new UsageError("The app is not built (.next/BUILD_ID is missing): run `npm run build`, or drop --no-build.");
  }
  if (mode === "always" || !fs.existsSync(buildId)) {
    log("building the app (next build)…");
    // The build's own output goes to stderr, keeping stdout for the result.
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // the react-server condition is for this script, not for Next
    const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: ["ignore", 2, 2], env });
    if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
    return;
  }
  const builtAt = fs.statSync(buildId).mtimeMs;
  const stale = ["app", "lib", "db", "components"].some((dir) => fs.existsSync(dir) && newestMtime(dir) > builtAt);
  if (stale) log("warning: sources changed since the last build; this measures the build in .next (--build rebuilds)");
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

type AppHandle = { url: string; rssPeak(): number; pids(): number[]; stop(): Promise<void> };

async function startApp(appEnv: Record<string, string>, workDir: string, options: Options): Promise<AppHandle> {
  const port = await freePort();
  const logFile = path.join(workDir, "app.log");
  const logFd = fs.openSync(logFile, "a");
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The app runs as `npm start` runs it: no react-server condition for the whole process, and
  // nothing of this shell's database settings.
  for (const name of ["NODE_OPTIONS", "DATABASE_URL", "DATA_DIR", "PORT"]) delete env[name];
  Object.assign(env, appEnv, {
    APP_ENV: "development",
    SEED_DEMO: "false",
    AUTH_TRUST_HOST: "true",
    ALLOW_PRIVATE_TARGETS: "true",
    NEXT_MANUAL_SIG_HANDLE: "true",
    DELIVERY_ENGINE: "local",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  // For profiling the app under the bench's load, e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // The app's output goes to a file, not through this process's event loop.
  // `npm start`'s server (scripts/server.mjs), or with --next-start Next's own, for an A/B.
  const server = options.nextStart ? [nextBin, "start"] : [path.resolve("scripts/server.mjs")];
  const child = spawn(process.execPath, [...nodeArgs, ...server, "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "60000"], {
    stdio: ["ignore", logFd, logFd],
    env,
  });
  fs.closeSync(logFd);
  const rss = sampleRss(child.pid!);
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      // SIGTERM: the app's boot stops the delivery driver and closes the database (PGlite's
      // directory must be free before this process opens it again).
      await stopProcess(child, 20_000);
      rss.stop();
    })());
  onCleanup("app", stop);

  const url = `http://127.0.0.1:${port}`;
  const tail = () => fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
  const agent = new http.Agent({ keepAlive: false });
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited while starting; its log:\n${tail()}`);
    if (performance.now() > deadline) throw new Error(`the app did not answer in 120 s; its log:\n${tail()}`);
    try {
      const res = await httpRequest(agent, new URL("/login", url), { timeoutMs: 5000 });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  log(`app ready on ${url} (log: ${logFile})`);
  return { url, rssPeak: () => rss.peak(), pids: () => [child.pid!, ...descendants(child.pid!)], stop };
}

// ───────────────────────────── database ─────────────────────────────

type DbLocation = { url?: string; dataDir?: string };

/**
 * A scratch database nobody else uses. PGlite allows one process at a time, so the bench and the
 * app take turns: the bench's connection is closed before the app starts and reopened after.
 */
async function createScratch(options: Options, workDir: string): Promise<{ location: DbLocation; appEnv: Record<string, string> }> {
  if (options.db === "pglite") {
    // The app keeps PGlite under DATA_DIR/pglite (db/index.ts).
    return { location: { dataDir: path.join(workDir, "pglite") }, appEnv: { DATA_DIR: workDir } };
  }
  const name = `hub_bench_${Date.now()}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: options.pgUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`create database "${name}"`);
  } catch (error) {
    throw new Error(`cannot create a database on ${options.pgUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  onCleanup("database", () => admin(`drop database if exists "${name}" with (force)`));
  const url = new URL(options.pgUrl);
  url.pathname = `/${name}`;
  return { location: { url: url.toString() }, appEnv: { DATABASE_URL: url.toString(), DATA_DIR: workDir } };
}

async function withDatabase<T>(location: DbLocation, fn: (db: Db) => Promise<T>): Promise<T> {
  const { openDatabase } = await import("@/db/client");
  const database = openDatabase(location);
  try {
    await database.migrate();
    // For profiling the database under the bench's load, e.g. BENCH_DB_SQL="alter database … set
    // log_min_duration_statement = 0" (see docs/benchmarks.md). Runs each time the bench opens it.
    if (process.env.BENCH_DB_SQL) await database.db.execute(sql.raw(process.env.BENCH_DB_SQL));
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres returns a QueryResult, PGlite a Results object: both carry `rows`.
  return (result as { rows: T[] }).rows;
}

// ───────────────────────────── event bodies ─────────────────────────────

type CatalogModule = typeof import("@/lib/events/catalog");

/** A points.earned ingest item with its own `id` and member, from the catalog's example. */
function ingestItem(catalog: CatalogModule, prefix: string, i: number) {
  const example = catalog.exampleInput("points.earned");
  return {
    id: `${prefix}-${i}`,
    type: example.type,
    member: { ...example.member, id: `mbr_${prefix}_${i}`, email: `member.${prefix}.${i}@example.com` },
    data: example.data,
  };
}

type IngestResult = { status: number; at: number; ids: string[] };

async function postEvents(agent: http.Agent, appUrl: string, apiKey: string, body: unknown): Promise<IngestResult> {
  const res = await httpRequest(agent, new URL("/api/v1/events", appUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) return { status: res.status, at: res.at, ids: [] };
  const parsed = JSON.parse(res.body) as { id: string } | { events: { id: string }[] };
  return { status: res.status, at: res.at, ids: "events" in parsed ? parsed.events.map((e) => e.id) : [parsed.id] };
}

/** Counts failed requests and keeps the first reason, for the report. */
class Failures {
  count = 0;
  first: string | null = null;
  add(reason: string) {
    this.count++;
    this.first ??= reason;
  }
  describe() {
    return this.count ? `${this.count} failed (first: ${this.first})` : "";
  }
}

// ───────────────────────────── phases ─────────────────────────────

type BareResult = {
  requests: number;
  seconds: number;
  perSecond: number;
  errors: number;
  /** CPU microseconds per request: this process (signing and sending) and the receiver. */
  cpu: { clientUs: number; receiverUs: number };
};

/** The bare loop's untimed warm-up; the app's warm-up makes as many deliveries by default. */
const bareWarmupRequests = (bare: number) => Math.min(1000, Math.ceil(bare / 10));

/**
 * The physical limit: what this machine does when nothing but signing and sending happens. The
 * body is the hub's wire format (an array with one event), signed per request as the hub signs.
 */
async function bareLoop(catalog: CatalogModule, receiver: ReceiverHandle, secret: string, count: number, concurrency: number): Promise<BareResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(receiver.url);
  const example = catalog.exampleInput("points.earned");
  const program = { id: randomUUID(), name: "Coffee Club Rewards" };
  let failures = new Failures();
  const send = async () => {
    const body = JSON.stringify([
      { id: randomUUID(), type: example.type, createdAt: new Date().toISOString(), test: false, program, member: example.member, data: example.data },
    ]);
    const headers = {
      "content-type": "application/json",
      "user-agent": "IntegrationsHub-Webhooks/1.0",
      "x-qualifio-event": example.type,
      "x-qualifio-delivery": randomUUID(),
      "x-qualifio-timestamp": String(Math.floor(Date.now() / 1000)),
      "x-qualifio-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    };
    try {
      const res = await httpRequest(agent, url, { method: "POST", headers, body });
      if (res.status !== 204) failures.add(`HTTP ${res.status}`);
    } catch (error) {
      failures.add(error instanceof Error ? error.message : String(error));
    }
  };
  // Untimed warm-up: opens the connections and lets the JIT compile the loop.
  await runPool(bareWarmupRequests(count), concurrency, PHASE_LIMIT_MS, send);
  failures = new Failures();
  await receiver.reset();
  const started = performance.now();
  const clientBefore = process.cpuUsage();
  const receiverBefore = cpuMsOf([receiver.pid]);
  const { done } = await runPool(count, concurrency, PHASE_LIMIT_MS, send);
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const cpu = { clientUs: (client.user + client.system) / Math.max(1, done), receiverUs: ((cpuMsOf([receiver.pid]) - receiverBefore) * 1000) / Math.max(1, done) };
  agent.destroy();
  // The bare loop also checks the receiver: every request counted, every signature valid.
  const stats = await receiver.stats();
  if (stats.invalidSignatures > 0) throw new Error(`the receiver rejected ${stats.invalidSignatures} signatures of the bare loop`);
  if (stats.requests !== done) log(`bare loop: the receiver counted ${stats.requests} of ${done} requests`);
  if (failures.count) log(`bare loop: ${failures.describe()}`);
  await receiver.reset();
  return { requests: done, seconds, perSecond: done / seconds, errors: failures.count, cpu };
}

type Setup = { pushedProgramId: string; pushedKey: string; quietKey: string; connectorIds: string[] };

/** Everything the app needs, made through the same verbs as the admin UI. */
async function setUp(db: Db, receiverUrl: string, secret: string, connectors: number): Promise<Setup> {
  const { makeApiKey, makeCtx, makeProgram } = await import("@/test/support/factories");
  const { setUpConnector, subscribe } = await import("@/test/support/pipeline");
  const ctx = await makeCtx(db, "admin");
  const pushed = await makeProgram(db, "Bench: pushed to every connector");
  const connectorIds: string[] = [];
  for (let i = 0; i < connectors; i++) {
    const id = await setUpConnector(ctx, { url: `${receiverUrl}/${i + 1}`, secret, timeoutMs: 10_000 });
    await subscribe(db, pushed.id, id, "points.earned");
    connectorIds.push(id);
  }
  // No push rules: ingest alone, for the ingest phases.
  const quiet = await makeProgram(db, "Bench: ingest only");
  return {
    pushedProgramId: pushed.id,
    pushedKey: (await makeApiKey(db, pushed.id)).key,
    quietKey: (await makeApiKey(db, quiet.id)).key,
    connectorIds,
  };
}

type BurstResult = {
  events: number;
  accepted: number;
  ingestSeconds: number;
  expected: number;
  received: number;
  complete: boolean;
  seconds: number;
  perSecond: number;
  ratio: number;
  errors: number;
  /** From the first POST to the last delivery. */
  cpu: CpuUse;
};

/** Wait for the receiver to count `expected` new deliveries; progress every 5 s; false on timeout. */
async function waitForDeliveries(receiver: ReceiverHandle, expected: number, timeoutMs: number, label: string, pollMs = 200) {
  const deadline = performance.now() + timeoutMs;
  let lastLog = performance.now();
  for (;;) {
    const stats = await receiver.stats();
    if (stats.deliveries >= expected) return { stats, complete: true };
    if (performance.now() > deadline) {
      log(`${label}: timed out after ${Math.round(timeoutMs / 1000)} s with ${fmtInt(stats.deliveries)} of ${fmtInt(expected)} deliveries`);
      return { stats, complete: false };
    }
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`${label}: ${fmtInt(stats.deliveries)} / ${fmtInt(expected)} deliveries`);
    }
    await sleep(pollMs);
  }
}

/**
 * The app's untimed warm-up, like the bare loop's: a few events delivered end to end before the
 * burst, so the burst measures a running hub (JIT-compiled code, open connections to the database
 * and the receiver) rather than its first seconds. Its events are not part of any figure.
 */
async function warmUpPhase(catalog: CatalogModule, agent: http.Agent, appUrl: string, setup: Setup, receiver: ReceiverHandle, events: number) {
  if (events === 0) return;
  await receiver.reset();
  const batches = Math.ceil(events / 500);
  let accepted = 0;
  await runPool(batches, 1, PHASE_LIMIT_MS, async (b) => {
    const items = [];
    for (let i = b * 500; i < Math.min(events, (b + 1) * 500); i++) items.push(ingestItem(catalog, "warmup", i));
    const res = await postEvents(agent, appUrl, setup.pushedKey, items);
    if (res.status !== 202) throw new Error(`warm-up ingest answered HTTP ${res.status}`);
    accepted += res.ids.length;
  });
  const expected = accepted * setup.connectorIds.length;
  const { complete } = await waitForDeliveries(receiver, expected, 120_000, "warm-up");
  if (!complete) throw new Error("the warm-up's deliveries did not all arrive");
  log(`warm-up: ${fmtInt(accepted)} events, ${fmtInt(expected)} deliveries (untimed)`);
}

async function burstPhase(
  catalog: CatalogModule,
  agent: http.Agent,
  appUrl: string,
  setup: Setup,
  receiver: ReceiverHandle,
  options: Options,
  bareRate: number,
  appPids: () => number[],
): Promise<BurstResult> {
  await receiver.reset();
  const failures = new Failures();
  let accepted = 0;
  const requests = Math.ceil(options.events / options.batch);
  const pids = appPids();
  const cpuBefore = cpuSnapshot(() => pids, receiver.pid, options.db);
  const startedAt = nowMs();
  await runPool(requests, options.ingestConcurrency, PHASE_LIMIT_MS, async (r) => {
    const items = [];
    for (let i = r * options.batch; i < Math.min(options.events, (r + 1) * options.batch); i++) items.push(ingestItem(catalog, "burst", i));
    try {
      const res = await postEvents(agent, appUrl, setup.pushedKey, items);
      if (res.status === 202) accepted += res.ids.length;
      else failures.add(`HTTP ${res.status}`);
    } catch (error) {
      failures.add(error instanceof Error ? error.message : String(error));
    }
  });
  const ingestSeconds = (nowMs() - startedAt) / 1000;
  if (failures.count) log(`burst ingest: ${failures.describe()}`);
  log(`burst: ${fmtInt(accepted)} events accepted in ${ingestSeconds.toFixed(1)} s; waiting for the deliveries…`);
  const expected = accepted * options.connectors;
  const { stats, complete } = await waitForDeliveries(receiver, expected, options.burstTimeoutS * 1000, "burst");
  const cpu = cpuUse(cpuBefore, cpuSnapshot(() => pids, receiver.pid, options.db), stats.deliveries, options.db);
  const seconds = stats.lastAt ? (stats.lastAt - startedAt) / 1000 : NaN;
  const perSecond = stats.deliveries / seconds;
  return {
    events: options.events,
    accepted,
    ingestSeconds,
    expected,
    received: stats.deliveries,
    complete,
    seconds,
    perSecond,
    ratio: perSecond / bareRate,
    errors: failures.count,
    cpu,
  };
}

type SteadyResult = {
  rate: number;
  seconds: number;
  events: number;
  accepted: number;
  expected: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Deliveries not at the receiver 5 s after the last POST. */
  late: number;
  /** POST → 202, for reading the latency: a late 202 (ingest slower than the rate) shows here. */
  ackP50Ms: number;
  ackP99Ms: number;
  errors: number;
};

/**
 * Latency at a steady rate: one event per POST, sent on a fixed schedule (t0 + i/rate, whatever
 * the answers do), so a slow answer cannot hide as a lower rate.
 */
async function steadyPhase(catalog: CatalogModule, agent: http.Agent, appUrl: string, setup: Setup, receiver: ReceiverHandle, options: Options): Promise<SteadyResult> {
  await receiver.reset();
  const count = Math.max(1, Math.round(options.rate * options.seconds));
  const answeredAt = new Map<string, number>(); // hub event id → when its 202 arrived
  const ackTimes: number[] = [];
  const failures = new Failures();
  const sent: Promise<void>[] = [];
  const t0 = performance.now() + 20;
  let lastPostAt = nowMs();
  let lastAnsweredAt = 0;
  for (let i = 0; i < count; i++) {
    await sleep(t0 + (i * 1000) / options.rate - performance.now());
    const postedAt = (lastPostAt = nowMs());
    sent.push(
      postEvents(agent, appUrl, setup.pushedKey, ingestItem(catalog, "steady", i)).then(
        (res) => {
          if (res.status !== 202) return failures.add(`HTTP ${res.status}`);
          answeredAt.set(res.ids[0]!, res.at);
          lastAnsweredAt = Math.max(lastAnsweredAt, res.at);
          ackTimes.push(res.at - postedAt);
        },
        (error: unknown) => failures.add(error instanceof Error ? error.message : String(error)),
      ),
    );
  }
  await Promise.all(sent); // each bounded by REQUEST_TIMEOUT_MS
  if (failures.count) log(`steady: ${failures.describe()}`);
  const expected = answeredAt.size * options.connectors;

  // Wait up to 10 s after the last POST for this phase's deliveries, or after the last 202 when
  // ingest fell behind the rate (else a 202 that came late would have no time to be delivered and
  // would drop out of the percentiles). Counted from the arrivals, not the receiver's totals:
  // stragglers of an unfinished burst may still be arriving.
  const arrivals: Arrival[] = [];
  const delivered = new Set<string>();
  const deadline = Math.max(lastPostAt, lastAnsweredAt) + 10_000;
  for (;;) {
    for (const a of await receiver.arrivals(arrivals.length)) {
      arrivals.push(a);
      if (answeredAt.has(a.eventId)) delivered.add(a.deliveryId);
    }
    if (delivered.size >= expected) break;
    if (nowMs() > deadline) {
      log(`steady: ${fmtInt(delivered.size)} of ${fmtInt(expected)} deliveries 10 s after the last POST or 202`);
      break;
    }
    await sleep(100);
  }

  const latencies: number[] = [];
  const onTime = new Set<string>();
  for (const a of arrivals) {
    const answered = answeredAt.get(a.eventId);
    if (answered === undefined) continue; // a straggler of an earlier phase
    // Kept when negative: the delivery can reach the receiver before the 202 has been read here.
    latencies.push(a.at - answered);
    if (a.at <= lastPostAt + 5000) onTime.add(a.deliveryId);
  }
  return {
    rate: options.rate,
    seconds: options.seconds,
    events: count,
    accepted: answeredAt.size,
    expected,
    received: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.reduce((max, v) => Math.max(max, v), latencies.length ? -Infinity : NaN),
    late: Math.max(0, expected - onTime.size),
    ackP50Ms: percentile(ackTimes, 50),
    ackP99Ms: percentile(ackTimes, 99),
    errors: failures.count,
  };
}

type IngestPhaseResult = { events: number; accepted: number; perRequest: number; concurrency: number; seconds: number; perSecond: number; errors: number };

/** Ingest throughput to the program without push rules: nothing is delivered, only stored. */
async function ingestPhase(
  catalog: CatalogModule,
  agent: http.Agent,
  appUrl: string,
  apiKey: string,
  prefix: string,
  total: number,
  perRequest: number,
  concurrency: number,
): Promise<IngestPhaseResult> {
  const failures = new Failures();
  let accepted = 0;
  const started = performance.now();
  await runPool(Math.ceil(total / perRequest), concurrency, PHASE_LIMIT_MS, async (r) => {
    const items = [];
    for (let i = r * perRequest; i < Math.min(total, (r + 1) * perRequest); i++) items.push(ingestItem(catalog, prefix, i));
    try {
      // One event per request is sent as an object, as a sender without batching would.
      const res = await postEvents(agent, appUrl, apiKey, perRequest === 1 ? items[0] : items);
      if (res.status === 202) accepted += res.ids.length;
      else failures.add(`HTTP ${res.status}`);
    } catch (error) {
      failures.add(error instanceof Error ? error.message : String(error));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  if (failures.count) log(`${prefix} ingest: ${failures.describe()}`);
  return { events: total, accepted, perRequest, concurrency, seconds, perSecond: accepted / seconds, errors: failures.count };
}

type Correctness = {
  ok: boolean;
  problems: string[];
  events: number;
  deliveries: number;
  attempts: number;
  duplicates: number;
  badSignatures: number;
};

/** The burst's deliveries in the database, and what the receiver saw over the whole run. */
async function checkCorrectness(db: Db, setup: Setup, burst: BurstResult, receiverStats: ReceiverStats, ingestErrors: number): Promise<Correctness> {
  const [row] = rowsOf<{ events: number; deliveries: number; not_succeeded: number; not_one_attempt: number; attempts: number }>(
    await db.execute(sql`
      select
        (select count(*)::int from events where program_id = ${setup.pushedProgramId} and external_id like 'burst-%') as events,
        count(d.id)::int as deliveries,
        count(d.id) filter (where d.status <> 'succeeded')::int as not_succeeded,
        count(d.id) filter (where d.attempt_count <> 1)::int as not_one_attempt,
        coalesce(sum(a.n), 0)::int as attempts
      from events e
      join deliveries d on d.event_id = e.id
      left join lateral (select count(*)::int as n from attempts where delivery_id = d.id) a on true
      where e.program_id = ${setup.pushedProgramId} and e.external_id like 'burst-%'
    `),
  );
  const r = row!;
  const problems: string[] = [];
  const expectedDeliveries = burst.accepted * setup.connectorIds.length;
  if (burst.accepted !== burst.events) problems.push(`${burst.events - burst.accepted} burst events not accepted`);
  if (r.events !== burst.accepted) problems.push(`${r.events} burst events stored, ${burst.accepted} accepted`);
  if (r.deliveries !== expectedDeliveries) problems.push(`${r.deliveries} deliveries planned, ${expectedDeliveries} expected`);
  if (r.not_succeeded > 0) problems.push(`${r.not_succeeded} deliveries not succeeded`);
  if (r.not_one_attempt > 0) problems.push(`${r.not_one_attempt} deliveries with attempt_count ≠ 1`);
  if (r.attempts !== r.deliveries) problems.push(`${r.attempts} attempts rows for ${r.deliveries} deliveries`);
  if (!burst.complete) problems.push(`receiver got ${burst.received} of ${burst.expected} burst deliveries`);
  const { duplicates, invalidSignatures, malformedBodies } = receiverStats.total;
  if (duplicates > 0) problems.push(`${duplicates} duplicate deliveries at the receiver`);
  if (invalidSignatures > 0) problems.push(`${invalidSignatures} bad signatures`);
  if (malformedBodies > 0) problems.push(`${malformedBodies} bodies that are not a JSON array`);
  if (ingestErrors > 0) problems.push(`${ingestErrors} ingest requests failed`);
  return {
    ok: problems.length === 0,
    problems,
    events: r.events,
    deliveries: r.deliveries,
    attempts: r.attempts,
    duplicates,
    badSignatures: invalidSignatures,
  };
}

/** What the claim phase needs of lib/delivery/engine/lease.ts, typed here so the bench builds without it. */
type LeaseApi = {
  claimDueForConnector(db: Db, input: { connectorId: string; owner: string; limit: number; leaseMarginMs?: number }): Promise<Array<{ id: string }>>;
  releaseLease(db: Db, deliveryId: string, owner: string): Promise<void>;
};

type ClaimResult =
  | { available: false; reason: string }
  | { available: true; limit: number; runs: number; sizes: Array<{ backlog: number; medianMs: number; p95Ms: number; short: number }>; ratio: number };

/**
 * The cost of one claim of 10 due deliveries of a connector, at a small and a large backlog of
 * that connector. A claim that cost more with a bigger backlog would slow every delivery down
 * exactly when a receiver has fallen behind. Runs with the app stopped: nothing else claims.
 */
async function claimPhase(db: Db, sizes: number[], runs: number): Promise<ClaimResult> {
  let lease: Partial<LeaseApi>;
  try {
    lease = (await import("@/lib/delivery/engine/lease")) as unknown as Partial<LeaseApi>;
  } catch (error) {
    return { available: false, reason: `lib/delivery/engine/lease.ts failed to load: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { claimDueForConnector, releaseLease } = lease;
  if (typeof claimDueForConnector !== "function" || typeof releaseLease !== "function") {
    return { available: false, reason: "claimDueForConnector not available" };
  }
  const { makeConnector, makeProgram } = await import("@/test/support/factories");
  const program = await makeProgram(db, "Bench: claim backlog");
  const limit = 10;
  const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/claim-bench", maxInFlight: limit });
  const owner = `bench-claim-${randomBytes(3).toString("hex")}`;
  const out: Array<{ backlog: number; medianMs: number; p95Ms: number; short: number }> = [];
  let backlog = 0;
  for (const size of [...new Set(sizes)].sort((a, b) => a - b)) {
    // Set-based: an event row per delivery (deliveries.event_id references events), all due.
    const started = performance.now();
    await db.execute(sql`
      with e as (
        insert into events (program_id, type, member, member_id, data, occurred_at, received_at, fanned_out_at)
        select ${program.id}::uuid, 'points.earned', jsonb_build_object('id', 'mbr_claim_' || i), 'mbr_claim_' || i,
          '{"points":120,"balance":1840,"action":{"name":"In-store purchase"}}'::jsonb, now(), now(), now()
        from generate_series(${backlog + 1}::int, ${size}::int) i
        returning id, program_id, type
      )
      insert into deliveries (event_id, connector_id, program_id, event_type, status, next_attempt_at)
      select e.id, ${connector.id}::uuid, e.program_id, e.type, 'pending', now() - interval '1 second' from e
    `);
    // As autovacuum would soon after a bulk insert: the planner sees the table as it is.
    await db.execute(sql`analyze events`);
    await db.execute(sql`analyze deliveries`);
    log(`claim: backlog of ${fmtInt(size)} due deliveries ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    backlog = size;

    const times: number[] = [];
    let short = 0;
    for (let run = -3; run < runs; run++) {
      // Runs -3…-1 warm up (connections, plan cache) and are not timed.
      const t = performance.now();
      const claimed = await claimDueForConnector(db, { connectorId: connector.id, owner, limit, leaseMarginMs: 15_000 });
      const elapsed = performance.now() - t;
      if (run >= 0) {
        times.push(elapsed);
        if (claimed.length < limit) short++;
      }
      for (const row of claimed) await releaseLease(db, row.id, owner);
    }
    out.push({ backlog: size, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), short });
  }
  return { available: true, limit, runs, sizes: out, ratio: out[out.length - 1]!.medianMs / out[0]!.medianMs };
}

// ───────────────────────────── report ─────────────────────────────

type Report = {
  db: Options["db"];
  connectors: number;
  events: number;
  bare: BareResult;
  burst: BurstResult | null;
  steady: SteadyResult | null;
  single: IngestPhaseResult | null;
  batch: IngestPhaseResult | null;
  peakServerRssBytes: number | null;
  claim: ClaimResult | null;
  correctness: Correctness | null;
};

function printTable(report: Report) {
  const rows: Array<[string, string]> = [];
  const bareCpu = report.bare.cpu;
  rows.push(["bare signed-POST loop", `${fmtInt(report.bare.perSecond)} req/s   CPU per request: client ${fmtInt(bareCpu.clientUs)} µs  receiver ${fmtInt(bareCpu.receiverUs)} µs`]);
  if (report.burst) {
    const b = report.burst;
    const incomplete = b.complete ? "" : `  INCOMPLETE: ${fmtInt(b.received)} of ${fmtInt(b.expected)} after the timeout`;
    rows.push(["burst deliveries", `${fmtInt(b.perSecond)} /s   ratio ${Number.isFinite(b.ratio) ? b.ratio.toFixed(2) : "n/a"}${incomplete}`]);
    const c = b.cpu;
    rows.push([
      "burst CPU per delivery",
      `app ${fmtInt(c.appUs)} µs  postgres ${c.postgresUs === null ? "(in app)" : `${fmtInt(c.postgresUs)} µs`}  receiver ${fmtInt(c.receiverUs)} µs` +
        `   machine ${Math.round(c.machineBusy * 100)} % busy`,
    ]);
  }
  if (report.steady) {
    const s = report.steady;
    rows.push([
      `steady ${fmtInt(s.rate)} ev/s latency`,
      `p50 ${fmtMs(s.p50Ms)}  p99 ${fmtMs(s.p99Ms)}  max ${fmtMs(s.maxMs)}  late(>5s) ${fmtInt(s.late)}` +
        `   (202 p50 ${fmtMs(s.ackP50Ms)}  p99 ${fmtMs(s.ackP99Ms)})`,
    ]);
  }
  if (report.single) rows.push([`single ingest (${report.single.concurrency} in flight)`, `${fmtInt(report.single.perSecond)} ev/s`]);
  if (report.batch) rows.push([`batch ingest (${report.batch.perRequest}×${report.batch.concurrency})`, `${fmtInt(report.batch.perSecond)} ev/s`]);
  if (report.peakServerRssBytes != null) rows.push(["peak server RSS", `${fmtInt(report.peakServerRssBytes / 1024 / 1024)} MB`]);
  if (report.claim) {
    const c = report.claim;
    if (!c.available) rows.push(["claim", `n/a (${c.reason})`]);
    else {
      const label = `claim ${c.limit} ${c.sizes.map((s) => `@${s.backlog}`).join(" / ")}`;
      const short = c.sizes.some((s) => s.short) ? `  (short claims: ${c.sizes.map((s) => s.short).join(" / ")})` : "";
      rows.push([
        label,
        `${c.sizes.map((s) => fmtMs(s.medianMs, 2)).join(" / ")}  p95 ${c.sizes.map((s) => fmtMs(s.p95Ms, 2)).join(" / ")}  ratio ${c.ratio.toFixed(2)}${short}`,
      ]);
    }
  }
  if (report.correctness) {
    const c = report.correctness;
    const figures = `${fmtInt(c.deliveries)} deliveries, ${fmtInt(c.attempts)} attempts, ${c.duplicates} duplicates, ${c.badSignatures} bad signatures`;
    rows.push(["correctness", c.ok ? `OK (${figures})` : `FAILED: ${c.problems.join("; ")} (${figures})`]);
  }
  const width = Math.max(28, ...rows.map(([label]) => label.length + 1));
  console.log(`\nbench:delivery  db=${report.db}  connectors=${report.connectors}  events=${report.events}`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)} ${value}`);
}

/** Numbers rounded for the JSON output; NaN (nothing measured) becomes null. */
function jsonReport(report: Report) {
  return JSON.parse(JSON.stringify(report, (_key, value: unknown) => (typeof value === "number" ? round(value, 3) : value))) as unknown;
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<number> {
  const options = parseOptions();
  if (!`${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`.includes("react-server")) {
    throw new UsageError("Run with NODE_OPTIONS=--conditions=react-server (as `npm run bench:delivery` does): lib/ imports server-only.");
  }
  ensureBuild(options.build);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-delivery-"));
  onCleanup("work directory", async () => {
    const appLog = path.join(workDir, "app.log");
    if (keepAppLog && fs.existsSync(appLog)) {
      const kept = path.join(os.tmpdir(), `hub-bench-delivery-app-${Date.now()}.log`);
      fs.copyFileSync(appLog, kept);
      log(`the app's log is kept in ${kept}`);
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  });
  // The bench seals the connector secrets and the app opens them: both need the same key. Set
  // before lib/ is loaded (env() reads process.env once).
  const secrets = { AUTH_SECRET: randomBytes(32).toString("base64url"), ENCRYPTION_KEY: randomBytes(32).toString("base64") };
  Object.assign(process.env, secrets, { APP_ENV: "development", DATA_DIR: workDir });
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const catalog = await import("@/lib/events/catalog");

  // 1. Database
  const scratch = await createScratch(options, workDir);
  log(`database: ${options.db} ${scratch.location.url ?? scratch.location.dataDir}`);

  // 2. Receiver
  const receiver = await startReceiver(webhookSecret);
  log(`receiver on ${receiver.url}`);

  // 3. Bare loop
  const bareConcurrency = options.connectors * 10;
  const bare = await bareLoop(catalog, receiver, webhookSecret, options.bare, bareConcurrency);
  log(`bare signed-POST loop: ${fmtInt(bare.perSecond)} req/s (${fmtInt(bare.requests)} requests, ${bareConcurrency} in flight)`);

  // 4. Setup, with the bench's own connection, closed before the app opens the database.
  const setup = await withDatabase(scratch.location, (db) => setUp(db, receiver.url, webhookSecret, options.connectors));
  log(`setup: ${options.connectors} connectors subscribed to points.earned, 2 programs, 2 API keys`);

  const report: Report = {
    db: options.db,
    connectors: options.connectors,
    events: options.events,
    bare,
    burst: null,
    steady: null,
    single: null,
    batch: null,
    peakServerRssBytes: null,
    claim: null,
    correctness: null,
  };

  // 5. App
  const app = await startApp({ ...scratch.appEnv, ...secrets }, workDir, options);
  const agent = new http.Agent({ keepAlive: true });
  onCleanup("http agent", async () => agent.destroy());

  // 6. Phases
  await warmUpPhase(catalog, agent, app.url, setup, receiver, options.warmup ?? Math.ceil(bareWarmupRequests(options.bare) / options.connectors));
  const burst = await burstPhase(catalog, agent, app.url, setup, receiver, options, bare.perSecond, () => app.pids());
  report.burst = burst;
  log(`burst: ${fmtInt(burst.perSecond)} deliveries/s, ratio ${burst.ratio.toFixed(2)} to the bare loop${burst.complete ? "" : " (incomplete)"}`);

  const steady = await steadyPhase(catalog, agent, app.url, setup, receiver, options);
  report.steady = steady;
  log(
    `steady: p50 ${fmtMs(steady.p50Ms)}, p99 ${fmtMs(steady.p99Ms)}, max ${fmtMs(steady.maxMs)}, late(>5s) ${steady.late}; ` +
      `202 after p50 ${fmtMs(steady.ackP50Ms)}, p99 ${fmtMs(steady.ackP99Ms)}`,
  );

  const single = await ingestPhase(catalog, agent, app.url, setup.quietKey, "single", options.singleEvents, 1, options.singleConcurrency);
  report.single = single;
  log(`single ingest: ${fmtInt(single.perSecond)} events/s`);

  const batch = await ingestPhase(catalog, agent, app.url, setup.quietKey, "batch", options.batchEvents, options.batch, options.ingestConcurrency);
  report.batch = batch;
  log(`batch ingest: ${fmtInt(batch.perSecond)} events/s`);

  const receiverStats = await receiver.stats();
  await app.stop();
  report.peakServerRssBytes = app.rssPeak();

  // 7. With the app stopped (PGlite: the directory is ours again): checks, then claim timing.
  await withDatabase(scratch.location, async (db) => {
    const ingestErrors = burst.errors + steady.errors + single.errors + batch.errors;
    report.correctness = await checkCorrectness(db, setup, burst, receiverStats, ingestErrors);
    // The lease code is being reworked: a claim that throws is reported, not fatal.
    report.claim = await claimPhase(db, options.claimSizes, options.claimRuns).catch((error: unknown) => ({
      available: false as const,
      reason: `claim failed: ${error instanceof Error ? error.message : String(error)}`,
    }));
  });

  if (options.json) console.log(JSON.stringify(jsonReport(report), null, 2));
  else printTable(report);
  keepAppLog = !report.correctness?.ok || !!process.env.BENCH_KEEP_APP_LOG;
  return report.correctness?.ok ? 0 : 1;
}

/** A failed run keeps the app's log (the work directory that holds it is removed). */
let keepAppLog = false;
/** Set by Ctrl-C / SIGTERM: the run's errors from then on are the cleanup's doing, not news. */
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  });
}

main()
  .then(
    (code) => cleanUp().then(() => code),
    async (error: unknown) => {
      if (!interrupted) console.error(error instanceof UsageError ? error.message : error);
      keepAppLog = !interrupted && !(error instanceof UsageError);
      await cleanUp();
      return interrupted ? 130 : error instanceof UsageError ? 2 : 1;
    },
  )
  .then((code) => process.exit(interrupted ? 130 : code));
