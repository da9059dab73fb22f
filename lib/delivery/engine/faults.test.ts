import type { ChildProcess } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { openDatabase, type Database } from "@/db/client";
import { connectors } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import type { Ctx } from "@/lib/auth/actor";
import { createConnector, setActive, updateGlobalVariables } from "@/lib/connectors/service";
import { exampleInput } from "@/lib/events/catalog";
import { handleIngest } from "@/lib/events/http";
import { makeApiKey, makeCtx, makeProgram, unique } from "@/test/support/factories";
import { subscribe } from "@/test/support/pipeline";
import { databaseName, exited, useProcesses, withDatabase, type Location } from "@/test/support/processes";
import { eventually, startReceiver, type Received, type Receiver } from "@/test/support/receiver";

/*
 * Faults with real processes, a real receiver and the real ingest endpoint, asserting both halves
 * of the delivery promise: nothing is lost (every event gets one delivery per connector, and every
 * delivery reaches its receiver) and nothing extra (one attempt row each; a receiver sees an id
 * twice only for an attempt that was in flight when its process died).
 */

const { cleanups, freshLocation, startWorker } = useProcesses();
const onPostgres = !!process.env.DATABASE_URL;

/** Each test's own database, which its processes share. */
let location: Location;
beforeEach(async () => {
  location = await freshLocation("hub_faults");
});

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POST /api/v1/events, in-process, with a real API key. The engine is told nothing: workers poll. */
async function post(db: Db, key: string, body: unknown) {
  const response = await handleIngest(
    new Request("http://hub.test/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { db, dispatch: async () => undefined },
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

/** Ingests `count` points.earned events in batches of `batch`; every answer must be 202. */
async function ingestBatches(db: Db, key: string, count: number, batch = 25) {
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const response = await post(db, key, Array.from({ length: n }, () => exampleInput("points.earned")));
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.events).toHaveLength(n);
  }
}

/** A connector made through the admin verbs, with the connector setting "max in flight". */
async function connectorTo(ctx: Ctx, url: string, maxInFlight?: number) {
  const { id } = await createConnector(ctx, { name: unique("Receiver") });
  await updateGlobalVariables(ctx, {
    connectorId: id,
    notificationUrl: url,
    secret: "",
    authHeaderName: "",
    customHeaders: [],
    signatureScheme: "qualifio",
    // Generous: the timeout runs on the worker's clock, and a cold PGlite worker can block its
    // event loop for seconds (first queries), which would fail a 2xx receiver's first attempts.
    // Leases of a killed worker run out after this plus its lease margin (2 s).
    timeoutMs: 10_000,
    ...(maxInFlight !== undefined && { maxInFlight }),
  });
  await setActive(ctx, { connectorId: id, active: true });
  return id;
}

/** A program with an API key and `urls.length` connectors subscribed to points.earned. */
async function setUpProgram(db: Db, connectorsAt: Array<{ url: string; maxInFlight?: number }>) {
  const ctx = await makeCtx(db, "admin");
  const program = await makeProgram(db);
  const apiKey = await makeApiKey(db, program.id);
  const connectorIds: string[] = [];
  for (const c of connectorsAt) {
    const id = await connectorTo(ctx, c.url, c.maxInFlight);
    await subscribe(db, program.id, id, "points.earned");
    connectorIds.push(id);
  }
  return { programId: program.id, key: apiKey.key, connectorIds };
}

type DeliveryRow = {
  id: string;
  event_id: string;
  connector_id: string;
  status: string;
  attempt_count: number;
  attempts: number;
  successes: number;
  /** Each attempt's number, status or error code and error, to read in a failure message. */
  outcomes: string | null;
};

/** Every delivery with its attempt rows counted. */
async function deliveryRows(db: Db): Promise<DeliveryRow[]> {
  return rowsOf<DeliveryRow>(
    await db.execute(sql`
      select d.id, d.event_id, d.connector_id, d.status::text as status, d.attempt_count,
        count(a.id)::int as attempts, count(a.id) filter (where a.success)::int as successes,
        string_agg(
          a.number || ' ' || coalesce(a.response_status::text, a.error_code, '?') || coalesce(' ' || a.error, ''),
          '; ' order by a.number
        ) as outcomes
      from deliveries d left join attempts a on a.delivery_id = d.id
      group by d.id`),
  );
}

async function eventIdsOf(db: Db, programId: string): Promise<string[]> {
  return rowsOf<{ id: string }>(await db.execute(sql`select id from events where program_id = ${programId}`)).map((r) => r.id);
}

async function succeededCount(db: Db): Promise<number> {
  return rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from deliveries where status = 'succeeded'`))[0]!.n;
}

/**
 * The database's side of "nothing lost, nothing extra": each event has exactly one delivery per
 * connector, and each delivery succeeded with exactly one (successful) attempt row.
 */
function expectOneSucceededDeliveryPerConnector(eventIds: string[], connectorIds: string[], rows: DeliveryRow[]) {
  const byEvent = new Map<string, string[]>();
  for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row.connector_id]);
  expect(rows).toHaveLength(eventIds.length * connectorIds.length);
  const wrongFanOut = eventIds.filter((id) => JSON.stringify((byEvent.get(id) ?? []).sort()) !== JSON.stringify([...connectorIds].sort()));
  expect(wrongFanOut, "events without exactly one delivery per connector").toEqual([]);
  const notClean = rows.filter((r) => r.status !== "succeeded" || r.attempt_count !== 1 || r.attempts !== 1 || r.successes !== 1);
  expect(notClean, "deliveries not succeeded with exactly one attempt row").toEqual([]);
}

function deliveryIdOf(request: Received): string {
  return String(request.headers["x-qualifio-delivery"]);
}

/** Arrivals per X-Qualifio-Delivery, in order. */
function arrivalsById(received: Received[]): Map<string, Received[]> {
  const byId = new Map<string, Received[]>();
  for (const r of received) byId.set(deliveryIdOf(r), [...(byId.get(deliveryIdOf(r)) ?? []), r]);
  return byId;
}

/** The request carries the event its delivery row names. */
function expectBodiesMatch(received: Received[], rows: DeliveryRow[]) {
  const eventOf = new Map(rows.map((r) => [r.id, r.event_id]));
  const mismatched = received.filter((r) => r.events?.length !== 1 || r.events[0]!.id !== eventOf.get(deliveryIdOf(r)));
  expect(mismatched.map((r) => deliveryIdOf(r)), "requests whose body is not their delivery's event").toEqual([]);
}

/** Resolves once everything a dead worker had written to the receiver's sockets has been read. */
async function drainSockets() {
  // Loopback writes land in the receiver's socket buffers at once; they are read in the poll phase
  // that also reports the exit, so two turns of the event loop see them all recorded.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** `eventually`, with the progress so far in the error when it times out. */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, progress: () => Promise<string> | string) {
  try {
    await eventually(check, timeoutMs, what);
  } catch (error) {
    throw new Error(`${(error as Error).message} (${await progress()})`);
  }
}

/** Polls the database until `total` deliveries succeeded. */
async function allSucceeded(db: Db, total: number, timeoutMs: number) {
  await until(async () => (await succeededCount(db)) === total, timeoutMs, "every delivery to succeed", async () => {
    return `${await succeededCount(db)} of ${total} succeeded`;
  });
}

async function stop(worker: ChildProcess) {
  worker.kill("SIGTERM");
  await exited(worker);
  expect(worker.exitCode, "a worker stopped with SIGTERM exits cleanly").toBe(0);
}

describe("fault tests: nothing lost, nothing extra", () => {
  it(
    "a worker SIGKILLed mid-burst loses nothing, and repeats only the attempts it had in flight",
    async () => {
      const CONCURRENCY = 8;
      const BEFORE_KILL = 250;
      const AFTER_KILL = 150;
      const TOTAL = (BEFORE_KILL + AFTER_KILL) * 2;
      // Always 2xx, a little slow, so attempts are in flight when the kill lands.
      const receiver = await startReceiver({ reply: async () => (await delay(5), { status: 200 }) });
      cleanups.push(() => receiver.close());
      const { programId, key, connectorIds } = await withDatabase(location, ({ db }) =>
        setUpProgram(db, [{ url: receiver.url }, { url: receiver.url }]),
      );

      // PostgreSQL: ingest goes on while the workers deliver. PGlite allows one process per data
      // directory, so there the test ingests only while no worker runs.
      const live: Database | undefined = location.url ? openDatabase(location) : undefined;
      if (live) cleanups.unshift(() => live.close());
      const ingest = (count: number) =>
        live ? ingestBatches(live.db, key, count) : withDatabase(location, ({ db }) => ingestBatches(db, key, count));

      if (!live) await ingest(BEFORE_KILL);
      const first = await startWorker(location, { maxConcurrent: CONCURRENCY });
      let killedAt = 0;
      const kill = (async () => {
        await receiver.waitFor(Math.round(TOTAL * 0.3), 120_000);
        first.kill("SIGKILL");
        await exited(first);
        await drainSockets();
        // From here on, the receiver only hears from the second worker (not started yet).
        killedAt = Date.now();
      })();
      await Promise.all([live ? ingest(BEFORE_KILL) : undefined, kill]);
      const receivedBeforeKill = receiver.received.length;
      expect(receivedBeforeKill, "killed mid-burst, with work left").toBeLessThan(BEFORE_KILL * 2);

      if (live) {
        // Ingest goes on across the kill and the restart.
        await ingest(AFTER_KILL / 2);
        const second = await startWorker(location, { maxConcurrent: CONCURRENCY });
        await ingest(AFTER_KILL / 2);
        await allSucceeded(live.db, TOTAL, 180_000);
        await stop(second);
      } else {
        // What is left to do: the new events' deliveries, those never attempted, and those the
        // killed worker had in flight (some of which already reached the receiver).
        const unfinished = await withDatabase(location, async ({ db }) => {
          await ingestBatches(db, key, AFTER_KILL);
          const left = await db.execute(sql`select id from deliveries where status <> 'succeeded'`);
          return rowsOf<{ id: string }>(left).map((r) => r.id);
        });
        const second = await startWorker(location, { maxConcurrent: CONCURRENCY });
        // The worker holds the directory: wait until the receiver has heard from it about each of
        // them, then stop it (SIGTERM waits for attempts in flight to be recorded) and let the
        // database decide.
        const missing = () => {
          const sent = new Set(receiver.received.filter((r) => r.at > killedAt).map(deliveryIdOf));
          return unfinished.filter((id) => !sent.has(id)).length;
        };
        await until(async () => missing() === 0, 180_000, "the second worker to send what was left", () => {
          return `${missing()} of ${unfinished.length} not sent`;
        });
        await stop(second);
      }

      const readBack = async (db: Db) => ({ eventIds: await eventIdsOf(db, programId), rows: await deliveryRows(db) });
      const { eventIds, rows } = await (live ? readBack(live.db) : withDatabase(location, ({ db }) => readBack(db)));
      expect(eventIds).toHaveLength(BEFORE_KILL + AFTER_KILL);
      expectOneSucceededDeliveryPerConnector(eventIds, connectorIds, rows);

      const arrivals = arrivalsById(receiver.received);
      // Every delivery reached the receiver, and nothing else did.
      expect([...arrivals.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
      expectBodiesMatch(receiver.received, rows);
      // At most once from each worker: a repeat is the second worker redoing an attempt the first
      // one had in flight (sent, its outcome not yet recorded) when it was killed.
      const repeatedWithin = [...arrivals].filter(
        ([, list]) => list.filter((r) => r.at <= killedAt).length > 1 || list.filter((r) => r.at > killedAt).length > 1,
      );
      expect(repeatedWithin.map(([id]) => id), "ids one worker sent twice").toEqual([]);
      const duplicates = [...arrivals].filter(([, list]) => list.length > 1);
      for (const [, list] of duplicates) expect(list[0]!.at).toBeLessThanOrEqual(killedAt);
      expect(duplicates.length, "repeats are bounded by the attempts in flight").toBeLessThanOrEqual(CONCURRENCY);
      console.info(
        `[faults] ${onPostgres ? "PostgreSQL" : "PGlite"}: killed after ${receivedBeforeKill} of ${TOTAL} deliveries; ${duplicates.length} sent again`,
      );
    },
    300_000,
  );
});

describe.skipIf(!onPostgres)("fault tests on PostgreSQL, where processes share the database", () => {
  it(
    "ingest during a database outage answers 503 with Retry-After, and a client retrying with the same id stores each event once",
    async () => {
      const EVENTS = 300;
      const IN_FLIGHT = 4;
      const receivers = [await startReceiver(), await startReceiver()];
      for (const r of receivers) cleanups.push(() => r.close());
      const { programId, key, connectorIds } = await withDatabase(location, ({ db }) =>
        setUpProgram(
          db,
          receivers.map((r) => ({ url: r.url })),
        ),
      );

      const database = openDatabase(location);
      cleanups.unshift(() => database.close());
      // Each 503 is logged as a warning; keep the output readable.
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      cleanups.unshift(async () => warn.mockRestore());

      type Answer = { status: number; retryAfter: string | null; body: Record<string, unknown> };
      const answers: Answer[] = [];
      const stored = new Map<string, string>();
      let acknowledged = 0;
      let outage: { down: Promise<void>; over: Promise<void> } | undefined;
      const name = databaseName(location);

      // What a restart does to this database's clients, without touching the server the other
      // test files share: no new connections, every existing one killed, for ~1.5 s.
      function takeDown() {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        const down = (async () => {
          await admin.connect();
          await admin.query(`alter database "${name}" allow_connections false`);
          await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
        })();
        const over = down
          .then(() => delay(1500))
          .finally(async () => {
            await admin.query(`alter database "${name}" allow_connections true`);
            await admin.end();
          });
        // Awaited (and so reported) below.
        down.catch(() => undefined);
        over.catch(() => undefined);
        return { down, over };
      }

      async function send(i: number) {
        const id = `order-${i}`;
        const input = { ...exampleInput("points.earned"), id };
        for (let tries = 0; tries < 30; tries++) {
          const answer = await post(database.db, key, input);
          answers.push(answer);
          if (answer.status === 202) {
            stored.set(id, String(answer.body.id));
            if (++acknowledged === EVENTS / 3) outage = takeDown();
            return;
          }
          if (answer.status !== 503) return; // asserted below
          await delay(Number(answer.retryAfter ?? 1) * 1000);
        }
      }

      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < EVENTS) {
            // Taken before waiting: another sender may take the last one meanwhile.
            const i = next++;
            // Requests in flight meet the kill; the next ones wait for it, so some surely meet the outage.
            if (outage) await outage.down;
            await send(i);
          }
        }),
      );
      await outage?.over;

      const unexpected = answers.filter(
        (a) =>
          !(a.status === 202 && typeof a.body.id === "string") &&
          !(a.status === 503 && (a.body.error as { code?: string } | undefined)?.code === "database_unavailable" && /^\d+$/.test(a.retryAfter ?? "")),
      );
      expect(unexpected, "answers other than 202 or a proper 503").toEqual([]);
      const unavailable = answers.filter((a) => a.status === 503).length;
      expect(unavailable, "the outage was seen by the client").toBeGreaterThan(0);
      expect(stored.size, "every event acknowledged in the end").toBe(EVENTS);

      // Exactly one event per id, and it is the one the 202 named.
      const events = rowsOf<{ id: string; external_id: string }>(
        await database.db.execute(sql`select id, external_id from events where program_id = ${programId}`),
      );
      expect(events).toHaveLength(EVENTS);
      expect(new Map(events.map((e) => [e.external_id, e.id]))).toEqual(stored);

      const worker = await startWorker(location);
      await allSucceeded(database.db, EVENTS * 2, 120_000);
      await stop(worker);

      const rows = await deliveryRows(database.db);
      expectOneSucceededDeliveryPerConnector(
        events.map((e) => e.id),
        connectorIds,
        rows,
      );
      for (const [i, receiver] of receivers.entries()) {
        const mine = rows.filter((r) => r.connector_id === connectorIds[i]);
        // Once each: the worker ran undisturbed.
        expect(receiver.received.map(deliveryIdOf).sort()).toEqual(mine.map((r) => r.id).sort());
        expectBodiesMatch(receiver.received, mine);
      }
      console.info(`[faults] ${unavailable} answers were 503 during the outage; ${answers.length} requests for ${EVENTS} events`);
    },
    180_000,
  );

  it(
    "two worker processes on one database deliver everything once and keep a connector's max in flight across both",
    async () => {
      const EVENTS = 150;
      const CAP = 3;
      const slow = async () => (await delay(20), { status: 200 });
      const capped: Receiver = await startReceiver({ reply: slow });
      const open: Receiver = await startReceiver({ reply: slow });
      cleanups.push(() => capped.close(), () => open.close());

      const database = openDatabase(location);
      await database.migrate();
      cleanups.unshift(() => database.close());
      const { db } = database;
      const { programId, key, connectorIds } = await setUpProgram(db, [{ url: capped.url, maxInFlight: CAP }, { url: open.url }]);
      const [cappedId, openId] = connectorIds as [string, string];
      const [setting] = await db.select({ maxInFlight: connectors.maxInFlight }).from(connectors).where(eq(connectors.id, cappedId));
      expect(setting?.maxInFlight).toBe(CAP);

      // Which process leased what: a trigger on this test's own database logs every lease taken.
      await db.execute(sql`create table lease_log (delivery_id uuid, connector_id uuid, owner text)`);
      await db.execute(sql`
        create function log_lease() returns trigger language plpgsql as $$
        begin
          insert into lease_log values (new.delivery_id, new.connector_id, new.owner);
          return new;
        end $$`);
      await db.execute(sql`create trigger log_lease after insert or update of owner on delivery_leases for each row execute function log_lease()`);

      // Each process sends at most 2 at a time: only the two together can reach the cap of 3, and
      // only the cap keeps them from sending 4. (A process that frees a slot claims again at once,
      // so with room to spare one process could serve the connector alone.)
      const workers = await Promise.all([startWorker(location, { maxConcurrent: 2 }), startWorker(location, { maxConcurrent: 2 })]);
      // Small batches while both workers deliver.
      await ingestBatches(db, key, EVENTS, 10);
      await allSucceeded(db, EVENTS * 2, 120_000);
      await Promise.all(workers.map(stop));

      const eventIds = await eventIdsOf(db, programId);
      const rows = await deliveryRows(db);
      expect(eventIds).toHaveLength(EVENTS);
      expectOneSucceededDeliveryPerConnector(eventIds, connectorIds, rows);
      for (const [receiver, connectorId] of [
        [capped, cappedId],
        [open, openId],
      ] as const) {
        const mine = rows.filter((r) => r.connector_id === connectorId);
        // Exactly once each, across both processes.
        expect(receiver.received.map(deliveryIdOf).sort()).toEqual(mine.map((r) => r.id).sort());
        expectBodiesMatch(receiver.received, mine);
      }
      // Both processes delivered to the capped connector...
      const owners = rowsOf<{ n: number }>(
        await db.execute(sql`select count(distinct owner)::int as n from lease_log where connector_id = ${cappedId}`),
      )[0]!.n;
      expect(owners, "processes that leased deliveries of the capped connector").toBe(2);
      // ...and together never had more than its cap in flight at its receiver, but did reach it
      // (so this could fail), which neither could alone.
      expect(capped.maxInFlight()).toBe(CAP);
    },
    180_000,
  );
});
