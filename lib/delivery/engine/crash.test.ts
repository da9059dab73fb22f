import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { makeCtx, makeProgram } from "@/test/support/factories";
import { leaseOf } from "@/test/support/leases";
import { attemptsOf, deliveriesOf, ingestExample, setUpConnector, subscribe } from "@/test/support/pipeline";
import { exited, useProcesses, withDatabase, type Location } from "@/test/support/processes";
import { eventually, startReceiver, type Receiver } from "@/test/support/receiver";
import { rowsOf } from "@/db/sql";

/*
 * Real processes, really killed. The database outlives them: a PGlite directory (one process at a
 * time) or, when DATABASE_URL is set, a fresh PostgreSQL database that several processes share.
 */

const { cleanups, freshLocation, startWorker } = useProcesses();

async function setUp(location: Location, receiver: Receiver, events: number, timeoutMs = 1000) {
  return withDatabase(location, async ({ db }) => {
    const ctx = await makeCtx(db, "admin");
    const program = await makeProgram(db);
    const connectorId = await setUpConnector(ctx, { url: receiver.url, timeoutMs });
    await subscribe(db, program.id, connectorId, "points.earned");
    const ids: string[] = [];
    for (let i = 0; i < events; i++) ids.push(await ingestExample(db, program.id, "points.earned"));
    return ids;
  });
}

describe("crash safety", () => {
  it("a worker killed mid-delivery loses nothing: the delivery completes after a restart", async () => {
    const location = await freshLocation();
    // The first request hangs, so the worker is killed while the attempt is in flight.
    const receiver = await startReceiver({ reply: (n) => (n === 1 ? "hang" : { status: 200 }) });
    cleanups.push(() => receiver.close());
    const [eventId] = await setUp(location, receiver, 1);

    const first = await startWorker(location);
    await receiver.waitFor(1, 15_000);
    first.kill("SIGKILL");
    await exited(first);

    const second = await startWorker(location);
    await receiver.waitFor(2, 15_000);
    second.kill("SIGTERM");
    await exited(second);

    await withDatabase(location, async ({ db }) => {
      const [delivery] = await deliveriesOf(db, eventId!);
      const tries = await attemptsOf(db, delivery!.id);
      expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 1 });
      expect(await leaseOf(db, delivery!.id)).toBeNull();
      expect(tries).toHaveLength(1);
      expect(tries[0]).toMatchObject({ success: true, responseStatus: 200 });
    });
    // The receiver saw the same delivery id twice: at-least-once, idempotent by X-Qualifio-Delivery.
    expect(receiver.received.map((r) => r.headers["x-qualifio-delivery"])).toEqual([
      receiver.received[0]!.headers["x-qualifio-delivery"],
      receiver.received[0]!.headers["x-qualifio-delivery"],
    ]);
  }, 60_000);

  it("SIGTERM lets the attempt in flight finish and record before the worker exits", async () => {
    const location = await freshLocation();
    const receiver = await startReceiver({
      reply: async () => {
        // Slow, but well inside the connector's 5 s timeout (a worker process that has just started is
        // still warming up): the SIGTERM lands while it is in flight.
        await new Promise((resolve) => setTimeout(resolve, 600));
        return { status: 200 };
      },
    });
    cleanups.push(() => receiver.close());
    const [eventId] = await setUp(location, receiver, 1, 5000);
    const worker = await startWorker(location);
    await receiver.waitFor(1, 15_000);
    worker.kill("SIGTERM");
    await exited(worker);
    expect(worker.exitCode).toBe(0);
    await withDatabase(location, async ({ db }) => {
      const [delivery] = await deliveriesOf(db, eventId!);
      expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 1 });
      expect(await leaseOf(db, delivery!.id)).toBeNull();
    });
    expect(receiver.received).toHaveLength(1);
  }, 60_000);

  it.skipIf(!process.env.DATABASE_URL)(
    "two worker processes on one PostgreSQL never attempt the same delivery at the same time",
    async () => {
      const location = await freshLocation();
      const inFlightByDelivery = new Map<string, number>();
      let overlaps = 0;
      const receiver = await startReceiver({
        reply: async (_n, req) => {
          const id = String(req.headers["x-qualifio-delivery"]);
          const now = (inFlightByDelivery.get(id) ?? 0) + 1;
          if (now > 1) overlaps++;
          inFlightByDelivery.set(id, now);
          await new Promise((r) => setTimeout(r, 30));
          inFlightByDelivery.set(id, now - 1);
          return { status: 200 };
        },
      });
      cleanups.push(() => receiver.close());
      const eventIds = await setUp(location, receiver, 60);
      const workers = await Promise.all([startWorker(location), startWorker(location)]);
      await receiver.waitFor(60, 30_000);
      // A request beyond the 60th needs a claim, and a claim needs an open delivery or a lease held
      // (a second sender records too): once every delivery succeeded and no live lease is left,
      // nothing more can go out, and the counts below are final.
      await withDatabase(location, ({ db }) =>
        eventually(async () => {
          const [state] = rowsOf<{ open: number; leased: number }>(
            await db.execute(sql`select
              (select count(*) from deliveries where status <> 'succeeded')::int as open,
              (select count(*) from delivery_leases where expires_at > clock_timestamp())::int as leased`),
          );
          return state!.open === 0 && state!.leased === 0;
        }, 30_000, "every delivery to succeed and every lease to be gone"),
      );
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map(exited));

      expect(overlaps).toBe(0);
      const ids = receiver.received.map((r) => r.headers["x-qualifio-delivery"]);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      // Never more than the per-connector limit in flight, across both processes.
      expect(receiver.maxInFlight()).toBeLessThanOrEqual(10);
      await withDatabase(location, async ({ db }) => {
        const rows = await db.execute(sql`select count(*)::int as n from attempts`);
        expect(rowsOf<{ n: number }>(rows)[0]!.n).toBe(60);
        for (const eventId of eventIds.slice(0, 5)) {
          expect((await deliveriesOf(db, eventId))[0]!.status).toBe("succeeded");
        }
      });
    },
    90_000,
  );

  it.skipIf(!process.env.DATABASE_URL)(
    "a worker rides out the database dropping every connection (as in a restart), and nothing is lost",
    async () => {
      const location = await freshLocation();
      const receiver = await startReceiver();
      cleanups.push(() => receiver.close());
      const before = await setUp(location, receiver, 5);
      const worker = await startWorker(location);
      await receiver.waitFor(5, 20_000);

      // What a server restart does to a client: every backend of this database is killed.
      const name = new URL(location.url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
      await admin.end();

      const after = await withDatabase(location, async ({ db }) => {
        const [program] = await db.execute(sql`select id from programs limit 1`).then((r) => rowsOf<{ id: string }>(r));
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await ingestExample(db, program!.id, "points.earned"));
        return ids;
      });
      // An attempt whose request went out just as its connection died is sent again (at-least-once),
      // so wait for the database to say every delivery succeeded, not for a request count.
      const checker = openDatabase(location);
      try {
        await eventually(async () => {
          for (const eventId of [...before, ...after]) {
            if ((await deliveriesOf(checker.db, eventId))[0]?.status !== "succeeded") return false;
          }
          return true;
        }, 30_000, "every delivery to succeed").catch(async (error: Error) => {
          // What the database and the receiver saw, so that a failure explains itself.
          const state = {
            received: receiver.received.length,
            deliveries: rowsOf(await checker.db.execute(sql`select status, attempt_count, next_attempt_at, l.owner, l.expires_at from deliveries d left join delivery_leases l on l.delivery_id = d.id order by created_at`)),
            connectors: rowsOf(await checker.db.execute(sql`select active, disabled_reason, updated_at from connectors`)),
            sessions: rowsOf(
              await checker.db.execute(sql`select state, wait_event_type, wait_event, left(query, 80) as query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`),
            ),
          };
          throw new Error(`${error.message}: ${JSON.stringify(state, null, 1)}`);
        });
      } finally {
        await checker.close();
      }
      worker.kill("SIGTERM");
      await exited(worker);
      const delivered = new Set(receiver.received.map((r) => r.headers["x-qualifio-delivery"]));
      expect(delivered.size).toBe(10);
    },
    90_000,
  );
});
